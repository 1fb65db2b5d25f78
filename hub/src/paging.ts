/**
 * Keyset pagination for every list the hub serves: a page is the rows after a cursor in the list's own
 * order, read by the store with a LIMIT, so the newest page costs the same with a thousand rows stored or a
 * million. The cursor is opaque to clients: the ordering key of the page's last row, base64url JSON.
 */
import { z } from 'zod';
import { HubError } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 100;
/** The documented maximum: a larger `limit` is refused, never silently cut. */
export const MAX_PAGE_SIZE = 500;

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

/** `?limit=&before=` of a list route. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'a cursor from a previous page')
    .optional(),
});

export type CursorKey = readonly (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The ordering key in a cursor; a cursor of another list or a forged one is a 400, not a wrong page. */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
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
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(keyOf(items[limit - 1]!)) };
}

/** A page's `next` as responses carry it: present only when there is a following page. */
export const nextCursor = z.string().optional();

export const nextOf = (page: Page<unknown>): { next?: string } => (page.next === null ? {} : { next: page.next });
