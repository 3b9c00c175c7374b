import type { Corridor, CreateQuoteRequest, FxRate, Quote } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import { path } from './path.js';

/** Supported corridors and current rates (`/v1/corridors`, `/v1/fx/rates`). */
export class Fx {
  constructor(private readonly http: HttpClient) {}

  corridors(options?: RequestOptions): Promise<Corridor[]> {
    return this.http.get('/v1/corridors', undefined, options);
  }

  rates(options?: RequestOptions): Promise<FxRate[]> {
    return this.http.get('/v1/fx/rates', undefined, options);
  }
}

/** Priced conversions (`/v1/quotes`): valid 5 minutes, usable once by a payout. */
export class Quotes {
  constructor(private readonly http: HttpClient) {}

  /** By source amount (default) or, with `amountType: 'destination'`, by what the destination receives. */
  create(input: CreateQuoteRequest, options?: RequestOptions): Promise<Quote> {
    return this.http.post('/v1/quotes', input, options);
  }

  get(id: string, options?: RequestOptions): Promise<Quote> {
    return this.http.get(path`/v1/quotes/${id}`, undefined, options);
  }
}
