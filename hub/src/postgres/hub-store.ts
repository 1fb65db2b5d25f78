import pg from 'pg';
import { postgresAlarmStore } from '../alarms/postgres-store.ts';
import { postgresApplianceStore } from '../appliances/postgres-store.ts';
import { postgresChannelStore } from '../channel/postgres-store.ts';
import { relayEnvelope } from '../channel/relay.ts';
import { postgresFeedbackStore } from '../feedback/postgres-store.ts';
import { postgresInjuryStore } from '../injuries/postgres-store.ts';
import { postgresLeaseStore } from '../leases/postgres-store.ts';
import { postgresMemberAccessStore, postgresMemberKeyStore, postgresMemberStore } from '../members/postgres-store.ts';
import { postgresOperatorStore, postgresSessionStore } from '../operators/postgres-store.ts';
import { postgresPhoneStore } from '../phone/postgres-store.ts';
import { postgresReportStore } from '../reports/postgres-store.ts';
import { postgresScheduleStore } from '../schedules/postgres-store.ts';
import { postgresScreenStore } from '../screens/postgres-store.ts';
import { postgresStationStore } from '../stations/postgres-store.ts';
import type { HubStore, HubStores } from '../store.ts';
import { postgresSyncStore } from '../sync/postgres-store.ts';
import { postgresFeedRelay } from './feed-relay.ts';
import { migrate } from './migrate.ts';
import { postgresNotifyRelay } from './notify-relay.ts';
import { keepEventPartitions, monthsBefore } from './partitions.ts';

import { clientPg, inTransaction, type Pg, poolPg } from './sql.ts';

/** How often partitions are made ahead and dropped past retention. */
const PARTITION_CHECK_MS = 6 * 3_600_000;

export interface PostgresOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Months of event history kept (default 13): older months' partitions are dropped whole. */
  retentionMonths?: number;
  /** A connection lost (the server restarted): the pool drops it and makes a new one when needed. */
  onConnectionError?: (err: unknown, what: string) => void;
}

function storesOver(db: Pg): HubStores {
  return {
    stations: postgresStationStore(db),
    operators: postgresOperatorStore(db),
    sessions: postgresSessionStore(db),
    memberKeys: postgresMemberKeyStore(db),
    members: postgresMemberStore(db),
    memberAccess: postgresMemberAccessStore(db),
    sync: postgresSyncStore(db),
    reports: postgresReportStore(db),
    alarms: postgresAlarmStore(db),
    feedback: postgresFeedbackStore(db),
    schedules: postgresScheduleStore(db),
    screens: postgresScreenStore(db),
    leases: postgresLeaseStore(db),
    channel: postgresChannelStore(db),
    phone: postgresPhoneStore(db),
    appliances: postgresApplianceStore(db),
    injuries: postgresInjuryStore(db),
  };
}

/**
 * The hub's stores on PostgreSQL: one pool per process, a client checked out per transaction and always
 * released. Several hub processes may share the database; migrations and partitions are made under locks.
 */
export async function openPostgresHubStore(options: PostgresOptions): Promise<HubStore & { readonly pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // Without a listener, an idle client's lost connection would end the process.
  pool.on('error', (err) => options.onConnectionError?.(err, 'idle connection'));
  const retentionMonths = options.retentionMonths ?? 13;
  // Months ahead are made, months past retention dropped: at start, then every few hours (any process may;
  // the work is idempotent and runs under a lock). The month kept from is counted back from this month.
  const keepPartitions = () =>
    keepEventPartitions(pool, Date.now(), { back: 2, ahead: 3, keepFrom: monthsBefore(Date.now(), retentionMonths) });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // Without this month's partition events still land, in the default one: a failure is reported, not fatal.
  await keepPartitions().catch((err: unknown) => options.onConnectionError?.(err, 'event partitions'));
  const partitionTimer = setInterval(() => {
    keepPartitions().catch((err: unknown) => options.onConnectionError?.(err, 'event partitions'));
  }, PARTITION_CHECK_MS);
  return {
    pool,
    ...storesOver(poolPg(pool)),
    transaction: (work) => inTransaction(pool, (client) => work(storesOver(clientPg(client)))),
    relay: postgresFeedRelay(pool, options.url, (err, what) => options.onConnectionError?.(err, what)),
    channelRelay: postgresNotifyRelay(pool, options.url, 'yizhan_stations', relayEnvelope, (err, what) =>
      options.onConnectionError?.(err, what),
    ),
    close: async () => {
      clearInterval(partitionTimer);
      await pool.end();
    },
  };
}
