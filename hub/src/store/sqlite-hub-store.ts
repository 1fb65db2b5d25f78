import { openDatabase } from '../db/open-database.ts';
import type { HubStore } from './hub-store.ts';
import { sqliteEventLedger } from './sqlite/event-ledger.ts';
import { sqliteMemberAccess, sqliteMemberKeyRing, sqliteMemberRegistry } from './sqlite/member-key-ring.ts';
import { sqliteOfficeRecords } from './sqlite/office-records.ts';
import { sqliteOperatorAccounts, sqliteOperatorSessions } from './sqlite/operator-accounts.ts';
import { sqliteStationRegistry } from './sqlite/station-registry.ts';

/** The default engine: one SQLite file, opened and migrated here, statements prepared once. */
export function openSqliteHubStore(path: string): HubStore {
  const db = openDatabase(path);
  try {
    return {
      stations: sqliteStationRegistry(db),
      operators: sqliteOperatorAccounts(db),
      sessions: sqliteOperatorSessions(db),
      memberKeys: sqliteMemberKeyRing(db),
      members: sqliteMemberRegistry(db),
      memberAccess: sqliteMemberAccess(db),
      events: sqliteEventLedger(db),
      office: sqliteOfficeRecords(db),
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
