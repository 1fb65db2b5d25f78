/** The last bundle the hub sent, kept in SQLite so the door and kiosk work while the hub is away. */
import { type Bundle, bundle as bundleSchema } from '@yizhan/shared';
import type { Db } from '../db/open.ts';

export class BundleCache {
  private cached: Bundle | undefined;
  private readonly upsert;

  constructor(db: Db) {
    const row = db.prepare<[], { json: string }>('SELECT json FROM bundle WHERE id = 1').get();
    // A stored bundle was validated when it arrived; re-checking guards against a file edited by hand.
    if (row) this.cached = bundleSchema.safeParse(JSON.parse(row.json)).data;
    this.upsert = db.prepare(
      `INSERT INTO bundle (id, version, json, fetched_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, fetched_at = excluded.fetched_at`,
    );
  }

  current(): Bundle | undefined {
    return this.cached;
  }

  save(bundle: Bundle, now: Date): void {
    this.upsert.run(bundle.version, JSON.stringify(bundle), now.toISOString());
    this.cached = bundle;
  }
}
