// The shapes the dashboard reads, taken from the hub's own schemas (types only: nothing of the server is bundled).
export type { OfficeLiveMessage } from '../../../src/office/live-message.ts';
export type { Overview, StationStatus } from '../../../src/office/station-status.ts';
export type { StationUsage } from '../../../src/routes/station-usage.ts';

export interface Operator {
  username: string;
  role: 'admin' | 'district-viewer';
  district: string | null;
}

export interface AlarmView {
  stationId: string;
  stationName: string;
  alarmId: string;
  rule: string;
  device: string | null;
  detail: string;
  status: 'open' | 'acknowledged' | 'cleared';
  raisedAt: string;
  ackedAt: string | null;
  ackedBy: string | null;
  clearedAt: string | null;
}

export interface FeedbackCase {
  stationId: string;
  feedbackId: string;
  category: string;
  place: string | null;
  createdAt: string;
  status: 'new' | 'assessing' | 'assigned' | 'follow-up' | 'resolved';
  assignee: string | null;
  reply: string | null;
  updatedAt: string;
  resolvedAt: string | null;
}

export type Target = { kind: 'all' } | { kind: 'district'; district: string } | { kind: 'station'; stationId: string };

export interface ScheduleView {
  id: string;
  title: { zh: string; en: string };
  target: Target;
  startsLocal: string;
  endsLocal: string;
  rrule: string | null;
}
