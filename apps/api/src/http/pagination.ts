/* Lists on the wire: the query and envelope schemas (from the contracts) and the cursors (core). */
export { instantSchema, listOf as listSchema, MAX_PAGE_SIZE, paginationQuerySchema } from '@payos/contracts';
export {
  afterCursor,
  afterSeq,
  type Cursor,
  decodeCursor,
  decodeSeqCursor,
  encodeCursor,
  encodeSeqCursor,
  toPage,
  UUID_PATTERN,
} from '../core/cursor.js';
