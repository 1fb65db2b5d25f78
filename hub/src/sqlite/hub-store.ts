import { sqliteAlarmStore } from '../alarms/sqlite-store.ts';
import { sqliteApplianceStore } from '../appliances/sqlite-store.ts';
import { sqliteChannelStore } from '../channel/sqlite-store.ts';
import { sqliteFeedbackStore } from '../feedback/sqlite-store.ts';
import { sqliteInjuryStore } from '../injuries/sqlite-store.ts';
import { sqliteLeaseStore } from '../leases/sqlite-store.ts';
import { sqliteMemberAccessStore, sqliteMemberKeyStore, sqliteMemberStore } from '../members/sqlite-store.ts';
import { sqliteOperatorStore, sqliteSessionStore } from '../operators/sqlite-store.ts';
import { sqlitePhoneStore } from '../phone/sqlite-store.ts';
import { sqliteReportStore } from '../reports/sqlite-store.ts';
import { sqliteScheduleStore } from '../schedules/sqlite-store.ts';
import { sqliteScreenStore } from '../screens/sqlite-store.ts';
import { sqliteStationStore } from '../stations/sqlite-store.ts';
import type { HubStore, HubStores } from '../store.ts';
import { sqliteSyncStore } from '../sync/sqlite-store.ts';
import { type Db, openDatabase } from './open-database.ts';

/**
 * The default engine: one SQLite file, opened and migrated here, statements prepared once. better-sqlite3
 * is synchronous, so each store method runs to its end without yielding; only `transaction` spans awaits,
 * and while one runs every other call waits at the gate for it to end (the connection is shared).
 */
export function openSqliteHubStore(path: string): HubStore {
  const db = openDatabase(path);
  try {
    return gatedStore(db, {
      stations: sqliteStationStore(db),
      operators: sqliteOperatorStore(db),
      sessions: sqliteSessionStore(db),
      memberKeys: sqliteMemberKeyStore(db),
      members: sqliteMemberStore(db),
      memberAccess: sqliteMemberAccessStore(db),
      sync: sqliteSyncStore(db),
      reports: sqliteReportStore(db),
      alarms: sqliteAlarmStore(db),
      feedback: sqliteFeedbackStore(db),
      schedules: sqliteScheduleStore(db),
      screens: sqliteScreenStore(db),
      leases: sqliteLeaseStore(db),
      channel: sqliteChannelStore(db),
      phone: sqlitePhoneStore(db),
      appliances: sqliteApplianceStore(db),
      injuries: sqliteInjuryStore(db),
    });
  } catch (error) {
    db.close();
    throw error;
  }
}

function gatedStore(db: Db, raw: HubStores): HubStore {
  // The end of the transaction running now (or of the last one): calls outside it wait for this.
  let idle: Promise<void> = Promise.resolve();
  let inTransaction = false;

  const gate = <S extends object>(store: S): S =>
    Object.fromEntries(
      Object.entries(store).map(([name, method]) => [
        name,
        async (...args: unknown[]) => {
          while (inTransaction) await idle;
          return (method as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as S;
  const gated = Object.fromEntries(Object.entries(raw).map(([noun, store]) => [noun, gate(store)])) as HubStores;

  return {
    ...gated,
    async transaction(work) {
      while (inTransaction) await idle;
      inTransaction = true;
      let release!: () => void;
      idle = new Promise((resolve) => {
        release = resolve;
      });
      try {
        // Inside the try: a BEGIN that fails (the file locked by another process past the busy timeout)
        // must open the gate again, not leave every later call waiting.
        db.exec('BEGIN IMMEDIATE');
        const result = await work(raw);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        inTransaction = false;
        release();
      }
    },
    close: async () => {
      while (inTransaction) await idle;
      if (db.open) db.close();
    },
  };
}
