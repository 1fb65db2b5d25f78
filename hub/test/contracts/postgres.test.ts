/**
 * The store contract suites on the PostgreSQL engine: a fresh schema per test on the server these machines
 * run (tests/support/postgres.ts); a server that cannot be reached fails the suites, it never skips them.
 */
import { freshSchema, type TestSchema } from '../../../tests/support/postgres.ts';
import { openPostgresHubStore } from '../../src/postgres/hub-store.ts';
import { describeAlarmStoreContract } from './alarms.contract.ts';
import { describeAreaTotalsContract } from './areas.contract.ts';
import { describeChannelStoresContract } from './channel.contract.ts';
import type { StoreEngine } from './engine.ts';
import { describeFeedbackStoreContract } from './feedback.contract.ts';
import { describeInjuryStoreContract } from './injuries.contract.ts';
import { describeMemberStoresContract } from './members.contract.ts';
import { describeOperatorStoreContract } from './operators.contract.ts';
import { describeReportStoreContract } from './reports.contract.ts';
import { describeScheduleStoreContract } from './schedules.contract.ts';
import { describeStationStoreContract } from './stations.contract.ts';
import { describeSyncStoreContract } from './sync.contract.ts';
import { describeTransactionContract } from './transaction.contract.ts';

const schemas: TestSchema[] = [];
const postgres: StoreEngine = {
  name: 'postgres',
  async open() {
    const schema = await freshSchema('yz_contract');
    schemas.push(schema);
    return openPostgresHubStore({ url: schema.url, poolSize: 4 });
  },
  async cleanup() {
    for (const schema of schemas.splice(0)) await schema.drop();
  },
};

describeStationStoreContract(postgres);
describeOperatorStoreContract(postgres);
describeMemberStoresContract(postgres);
describeSyncStoreContract(postgres);
describeReportStoreContract(postgres);
describeAlarmStoreContract(postgres);
describeFeedbackStoreContract(postgres);
describeScheduleStoreContract(postgres);
describeTransactionContract(postgres);
describeAreaTotalsContract(postgres);
describeChannelStoresContract(postgres);
describeInjuryStoreContract(postgres);
