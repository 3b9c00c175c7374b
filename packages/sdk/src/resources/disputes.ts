import type { CreateDisputeRequest, Dispute, DisputeStats, RespondDisputeRequest, ResolveDisputeRequest } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListDisputesParams } from '../types.js';
import { path } from './path.js';

/** Disputes (`/v1/disputes`): a transfer's sender disputes it; the amount is held on the recipient until it is resolved. */
export class Disputes {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateDisputeRequest, options?: RequestOptions): Promise<Dispute> {
    return this.http.post('/v1/disputes', input, options);
  }

  /** With its evidence and timeline. */
  get(id: string, options?: RequestOptions): Promise<Dispute> {
    return this.http.get(path`/v1/disputes/${id}`, undefined, options);
  }

  /** Filters on the server; newest first. `dueSoon: 'true'`: open or under review and due within 7 days. */
  list(params: ListDisputesParams = {}): Paginated<Dispute> {
    return this.http.list('/v1/disputes', params);
  }

  stats(options?: RequestOptions): Promise<DisputeStats> {
    return this.http.get('/v1/disputes/stats', undefined, options);
  }

  /** The respondent's answer: open → under_review. */
  respond(id: string, input: RespondDisputeRequest, options?: RequestOptions): Promise<Dispute> {
    return this.http.post(path`/v1/disputes/${id}/respond`, input, options);
  }

  /** Refunds all or part of the disputed amount out of the hold, or nothing; the rest is released. */
  resolve(id: string, input: ResolveDisputeRequest, options?: RequestOptions): Promise<Dispute> {
    return this.http.post(path`/v1/disputes/${id}/resolve`, input, options);
  }

  escalate(id: string, options?: RequestOptions): Promise<Dispute> {
    return this.http.post(path`/v1/disputes/${id}/escalate`, undefined, options);
  }
}
