import type { ListNotificationsQuery, Notification, NotificationFeedMessage, NotificationList } from '@payos/contracts';
import type { CallOptions, HttpClient } from '../client.js';
import type { Paginated } from '../pagination.js';
import { readEvents } from '../sse.js';
import type { ListParams } from '../types.js';
import { path } from './path.js';

export type ListNotificationsParams = ListParams<ListNotificationsQuery>;

/**
 * A dashboard user's notifications (`/v1/notifications`): failed and returned payouts, approvals
 * waiting, reviews assigned to them, streams going critical, low balances, webhook endpoints disabled.
 * Users only — an API key or an agent gets a PermissionError (a notification belongs to a person).
 */
export class Notifications {
  constructor(private readonly http: HttpClient) {}

  /** Newest first; `unread: 'true'` for those you have not read. */
  list(params: ListNotificationsParams = {}): Paginated<Notification> {
    return this.http.list('/v1/notifications', params);
  }

  /** Your unread notifications in this environment (at most 1000): one small request. */
  async unreadCount(options?: CallOptions): Promise<number> {
    const page = (await this.http.list<Notification>('/v1/notifications', { limit: 1 }, options).page()) as NotificationList;
    return page.unreadCount;
  }

  /** Marks one read for you (your teammates' bells are their own). */
  read(id: string, options?: CallOptions): Promise<Notification> {
    return this.http.post(path`/v1/notifications/${id}/read`, undefined, options);
  }

  /** Marks everything you can see now read. */
  readAll(options?: CallOptions): Promise<{ unreadCount: 0; readAt: string }> {
    return this.http.post('/v1/notifications/read-all', undefined, options);
  }

  /**
   * The unread count, live (Server-Sent Events): a message at once and whenever it changes, until you
   * stop iterating, abort `signal`, or the server ends the feed.
   */
  async *watch(options: { signal?: AbortSignal } = {}): AsyncGenerator<NotificationFeedMessage, void, undefined> {
    const response = await this.http.open('/v1/notifications/feed', {}, options.signal);
    if (!response.body) return;
    for await (const event of readEvents(response.body)) {
      if (event.event === 'end') return;
      if (event.event === 'notifications') yield JSON.parse(event.data) as NotificationFeedMessage;
    }
  }
}
