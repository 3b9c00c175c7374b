import type { CreateStreamRequest, Stream, StreamEvent, StreamStats, TopUpStreamRequest, WithdrawStreamRequest } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import { readEvents } from '../sse.js';
import type { ListStreamsParams } from '../types.js';
import { path } from './path.js';

/** Per-second money streams (`/v1/streams`). */
export class Streams {
  constructor(private readonly http: HttpClient) {}

  /** Funded from the sender's available balance (minimum: a 4-hour buffer plus 7 days of flow). */
  create(input: CreateStreamRequest, options?: RequestOptions): Promise<Stream> {
    return this.http.post('/v1/streams', input, options);
  }

  /** With live figures; filters on the server. */
  list(params: ListStreamsParams = {}): Paginated<Stream> {
    return this.http.list('/v1/streams', params);
  }

  /** Figures computed to the second. */
  get(id: string, options?: RequestOptions): Promise<Stream> {
    return this.http.get(path`/v1/streams/${id}`, undefined, options);
  }

  stats(options?: RequestOptions): Promise<StreamStats> {
    return this.http.get('/v1/streams/stats', undefined, options);
  }

  /** What happened to the stream (the latest 100), newest first. */
  events(id: string, options?: RequestOptions): Promise<StreamEvent[]> {
    return this.http.get(path`/v1/streams/${id}/events`, undefined, options);
  }

  pause(id: string, options?: RequestOptions): Promise<Stream> {
    return this.http.post(path`/v1/streams/${id}/pause`, undefined, options);
  }

  resume(id: string, options?: RequestOptions): Promise<Stream> {
    return this.http.post(path`/v1/streams/${id}/resume`, undefined, options);
  }

  /** What streamed goes to the receiver, the rest back to the sender. */
  cancel(id: string, options?: RequestOptions): Promise<Stream> {
    return this.http.post(path`/v1/streams/${id}/cancel`, undefined, options);
  }

  topUp(id: string, input: TopUpStreamRequest, options?: RequestOptions): Promise<Stream> {
    return this.http.post(path`/v1/streams/${id}/top-up`, input, options);
  }

  /** Moves what has streamed to the receiver: all of it, or `amount`. */
  withdraw(id: string, input: WithdrawStreamRequest = {}, options?: RequestOptions): Promise<Stream> {
    return this.http.post(path`/v1/streams/${id}/withdraw`, input, options);
  }

  /**
   * Live figures of up to 50 streams, about once a second (Server-Sent Events), until you stop
   * iterating, abort `signal`, or the server ends the feed (credential revoked, shutdown):
   *
   *   for await (const streams of payos.streams.watch([id])) console.log(streams[0]?.withdrawable);
   */
  async *watch(ids: string[], options: { signal?: AbortSignal } = {}): AsyncGenerator<Stream[], void, undefined> {
    const response = await this.http.open('/v1/events/streams', { ids: ids.join(',') }, options.signal);
    if (!response.body) return;
    for await (const event of readEvents(response.body)) {
      if (event.event === 'end') return;
      if (event.event === 'streams') yield JSON.parse(event.data) as Stream[];
    }
  }
}
