// The shapes the dashboard reads, taken from the hub's own schemas (types only: nothing of the server is bundled).
export type { AlarmView } from '../../../src/alarms/schema.ts';
export type { FeedbackCase } from '../../../src/feedback/schema.ts';
export type { OfficeLiveMessage } from '../../../src/live/live-message.ts';
export type { Overview, StationStatus } from '../../../src/live/station-status.ts';
export type { Operator } from '../../../src/operators/schema.ts';
export type { StationUsage } from '../../../src/reports/station-usage-routes.ts';
export type { ScheduleView, Target } from '../../../src/schedules/schema.ts';
