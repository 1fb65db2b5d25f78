/** The store contract suites on PostgreSQL, first half: stations, operators, members, sync and reports. */
import { describeMemberStoresContract } from './members.contract.ts';
import { describeOperatorStoreContract } from './operators.contract.ts';
import { postgresEngine } from './postgres-engine.ts';
import { describeReportStoreContract } from './reports.contract.ts';
import { describeStationStoreContract } from './stations.contract.ts';
import { describeSyncStoreContract } from './sync.contract.ts';

const postgres = postgresEngine();
describeStationStoreContract(postgres);
describeOperatorStoreContract(postgres);
describeMemberStoresContract(postgres);
describeSyncStoreContract(postgres);
describeReportStoreContract(postgres);
