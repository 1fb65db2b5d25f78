import { changedOne, type Pg } from '../postgres/sql.ts';
import type { LeaseStore } from './store.ts';

// One statement takes, renews or refuses the lease, so two processes asking at once cannot both win.
export function postgresLeaseStore({ sql }: Pg): LeaseStore {
  return {
    acquire: (name, holder, now, ttlMs) =>
      changedOne(
        sql,
        `INSERT INTO hub_leases AS l (name, holder, expires_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE l.holder = excluded.holder OR l.expires_at <= to_timestamp($4 / 1000.0)`,
        [name, holder, now + ttlMs, now],
      ),
  };
}
