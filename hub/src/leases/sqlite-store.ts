import type { Db } from '../sqlite/open-database.ts';
import type { LeaseStore } from './store.ts';

export function sqliteLeaseStore(db: Db): LeaseStore {
  const take = db.prepare<Record<string, string>>(
    `INSERT INTO hub_leases (name, holder, expires_at) VALUES (@name, @holder, @until)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE hub_leases.holder = excluded.holder OR hub_leases.expires_at <= @now
`,
  );
  return {
    acquire: async (name, holder, now, ttlMs) => {
      const until = new Date(now + ttlMs).toISOString();
      return take.run({ name, holder, until, now: new Date(now).toISOString() }).changes === 1;
    },
  };
}
