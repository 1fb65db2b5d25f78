/**
 * The store contract suites on PostgreSQL, second half: alarms, feedback, schedules, transactions, area
 * totals, the live channel and injury cases.
 */
import { describeAlarmStoreContract } from './alarms.contract.ts';
import { describeAreaTotalsContract } from './areas.contract.ts';
import { describeChannelStoresContract } from './channel.contract.ts';
import { describeFeedbackStoreContract } from './feedback.contract.ts';
import { describeInjuryStoreContract } from './injuries.contract.ts';
import { postgresEngine } from './postgres-engine.ts';
import { describeScheduleStoreContract } from './schedules.contract.ts';
import { describeTransactionContract } from './transaction.contract.ts';

const postgres = postgresEngine();
describeAlarmStoreContract(postgres);
describeFeedbackStoreContract(postgres);
describeScheduleStoreContract(postgres);
describeTransactionContract(postgres);
describeAreaTotalsContract(postgres);
describeChannelStoresContract(postgres);
describeInjuryStoreContract(postgres);
