/** A list's page as requests ask for it and responses carry it. Browser-safe (zod only): the dashboard reads it. */
import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 100;
/** The documented maximum: a larger `limit` is refused, never silently cut. */
export const MAX_PAGE_SIZE = 500;

/** `?limit=&before=` of a list route. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'a cursor from a previous page')
    .optional(),
});

/** A page's `next` as responses carry it: present only when there is a following page. */
export const nextCursor = z.string().optional();
