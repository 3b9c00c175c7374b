import type { Event } from '@payos/contracts';
import type { CallOptions, HttpClient } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListEventsParams } from '../types.js';
import { path } from './path.js';

/**
 * The event log (`/v1/events`): every state change, with the object as the API returns it after the
 * change. `sequence` increases per object: apply an update only when it is above the last you applied.
 */
export class Events {
  constructor(private readonly http: HttpClient) {}

  /** Newest first; `type` may be `prefix.*` (`transfer.*`); `objectId`, `from`, `to` narrow it. */
  list(params: ListEventsParams = {}): Paginated<Event> {
    return this.http.list('/v1/events', params);
  }

  get(id: string, options?: CallOptions): Promise<Event> {
    return this.http.get(path`/v1/events/${id}`, undefined, options);
  }
}
