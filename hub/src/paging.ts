/**
 * Keyset pagination for every list the hub serves: a page is the rows after a cursor in the list's own
 * order, read by the store with a LIMIT, so the newest page costs the same with a thousand rows stored or a
 * million. The cursor is opaque to clients: the ordering key of the page's last row, base64url JSON.
 */
import { HubError } from './errors.ts';

export interface PageRequest {
  limit: number;
  /** The `next` of the previous page; absent for the first page. */
  before?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass as `before` for the following page; null on the last one. */
  next: string | null;
}

export type CursorKey = readonly (string | number)[];

/** A cursor names its list first: one of another list (of the same shape) is refused, not read. */
export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

/** The ordering key in a cursor; a cursor of another list or a forged one is a 400, not a wrong page. */
export function decodeCursor(list: string, cursor: string, shape: readonly ('string' | 'number')[]): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const key = Array.isArray(parsed) && parsed[0] === list ? parsed.slice(1) : undefined;
  // A text value of a cursor is compared in SQL: no NUL (PostgreSQL refuses it), so a forged one is a 400.
  const wellFormed = (v: unknown, i: number) =>
    typeof v === shape[i] && !(typeof v === 'string' && v.includes('\u0000'));
  if (!Array.isArray(key) || key.length !== shape.length || !key.every(wellFormed)) {
    throw new HubError('YZ_ERR_INVALID_QUERY', 'invalid querystring', [
      { path: 'before', message: 'not a cursor of this list' },
    ]);
  }
  return key as CursorKey;
}

/**
 * The page out of `limit + 1` rows read in order: the extra row only tells that there is more, and the
 * last kept row's key becomes the cursor.
 */
export function pageOf<T>(list: string, rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(list, keyOf(items[limit - 1]!)) };
}

export const nextOf = (page: Page<unknown>): { next?: string } => (page.next === null ? {} : { next: page.next });
