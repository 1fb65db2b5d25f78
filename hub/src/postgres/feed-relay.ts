/**
 * The office feed across hub processes: each change is a NOTIFY on `yizhan_office`, so a dashboard on one
 * process hears of a sync that landed on another (notify-relay.ts).
 */
import type pg from 'pg';
import { type FeedRelay, officeChange } from '../live/office-feed.ts';
import { postgresNotifyRelay } from './notify-relay.ts';

export function postgresFeedRelay(
  pool: pg.Pool,
  url: string,
  onError: (err: unknown, what: string) => void,
): FeedRelay {
  return postgresNotifyRelay(pool, url, 'yizhan_office', officeChange, onError);
}
