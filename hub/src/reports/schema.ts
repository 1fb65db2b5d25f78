/**
 * What the office reads about usage: a station's page and the report tables. The one definition of these
 * responses, for the routes and the dashboard. Browser-safe (zod and the shared contracts only).
 */
import { label, SCAN_REJECTIONS, WORKER_CATEGORIES } from '@yizhan/shared';
import { z } from 'zod';
import { alarmSummary } from '../alarms/schema.ts';
import { feedbackSummary } from '../feedback/schema.ts';
import { REPORT_TABLES } from './report-names.ts';

const count = z.number().int();
const byCategory = z.record(z.enum(WORKER_CATEGORIES), count);

/** `GET /api/v1/stations/:id/usage`: one station over a range of local days. */
export const stationUsage = z.object({
  station: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** Every day of the range, zeros included (a chart's x axis). */
  days: z.array(z.object({ day: z.iso.date(), total: count, walkIns: count, byCategory })),
  /** Visits by local hour of day (0–23) over the range. */
  hours: z.array(count).length(24),
  distinctMembers: count,
  /** `label`: the device as the station names it (see stations/device-names.ts). */
  appliances: z.array(z.object({ device: z.string(), label, sessions: count, minutes: z.number() })),
  occupancy: z.object({ peak: count.nullable(), average: z.number().nullable() }),
  rejectedScans: z.partialRecord(z.enum(SCAN_REJECTIONS), count),
  alarms: alarmSummary,
  feedback: feedbackSummary,
});
export type StationUsage = z.infer<typeof stationUsage>;

const cell = z.union([z.string(), z.number(), z.null()]);

/** `GET /api/v1/reports/:table`: one report table for a range, the rows the CSV download carries. */
export const reportView = z.object({
  table: z.enum(REPORT_TABLES),
  from: z.iso.date(),
  to: z.iso.date(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), cell)),
  /** With `?lang=zh|en`: the same rows as the operator reads them (report-display.ts). */
  display: z
    .object({
      title: z.string(),
      columns: z.array(z.object({ key: z.string(), header: z.string() })),
      rows: z.array(z.array(z.union([z.string(), z.number()]))),
    })
    .optional(),
});
export type ReportView = z.infer<typeof reportView>;
