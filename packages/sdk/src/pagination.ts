import type { List } from '@payos/contracts';

/** How many items `toArray()` collects unless told otherwise: a guard against loading a whole history by accident. */
export const DEFAULT_TO_ARRAY_MAX = 10_000;

/**
 * A server-side list walked through its cursor pages. Iterate it to get every item, newest first,
 * fetching one page at a time (`limit` items per page):
 *
 *   for await (const transfer of payos.transfers.list({ status: 'failed' })) { … }
 *
 * or take one page with `page()` (and the next with `page(nextCursor)`), or every page with `pages()`.
 * Nothing is requested until you iterate or call a method.
 */
export class Paginated<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<List<T>>) {}

  /** One page: the first, or the one `cursor` (a previous page's `nextCursor`) points at. */
  page(cursor?: string): Promise<List<T>> {
    return this.fetchPage(cursor);
  }

  /** Every page in turn, following `nextCursor` until `hasMore` is false. */
  async *pages(): AsyncGenerator<List<T>, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.hasMore && page.nextCursor ? page.nextCursor : undefined;
    } while (cursor);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** The items of every page in one array; stops after `max` items (default 10,000). */
  async toArray(options: { max?: number } = {}): Promise<T[]> {
    const max = options.max ?? DEFAULT_TO_ARRAY_MAX;
    const items: T[] = [];
    if (max <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }
}
