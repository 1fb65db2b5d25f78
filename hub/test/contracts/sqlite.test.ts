/** The store contract suites on the SQLite engine: a fresh database file per test, in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteHubStore } from '../../src/sqlite/hub-store.ts';
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

const dirs: string[] = [];
const sqlite: StoreEngine = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-contract-'));
    dirs.push(dir);
    return openSqliteHubStore(join(dir, 'hub.db'));
  },
  async cleanup() {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
};

describeStationStoreContract(sqlite);
describeOperatorStoreContract(sqlite);
describeMemberStoresContract(sqlite);
describeSyncStoreContract(sqlite);
describeReportStoreContract(sqlite);
describeAlarmStoreContract(sqlite);
describeFeedbackStoreContract(sqlite);
describeScheduleStoreContract(sqlite);
describeTransactionContract(sqlite);
describeAreaTotalsContract(sqlite);
describeChannelStoresContract(sqlite);
describeInjuryStoreContract(sqlite);
