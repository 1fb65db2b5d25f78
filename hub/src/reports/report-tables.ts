/**
 * The tables the office can read for a date range, as JSON and as CSV. Both come from `reportTable`,
 * so an export always says exactly what the API says.
 */

import { instantRange, type ZoneClock } from '@yizhan/shared';
import { statusOf } from '../alarms/schema.ts';
import { MAX_PAGE_SIZE } from '../page-query.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { HubStore } from '../store.ts';
import { REPORT_TABLES, type ReportTable } from './report-names.ts';

export { REPORT_TABLES, type ReportTable };

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface Report {
  table: ReportTable;
  from: string;
  to: string;
  columns: string[];
  rows: ReportRow[];
}

type Query = { from: string; to: string } & StationScope;

const COLUMNS: Record<ReportTable, string[]> = {
  'visits-hourly': ['period', 'stationId', 'category', 'method', 'count'],
  'visits-daily': ['period', 'stationId', 'category', 'method', 'count'],
  'visits-monthly': ['period', 'stationId', 'category', 'method', 'count'],
  'district-visits': ['day', 'district', 'category', 'method', 'count'],
  'members-daily': ['period', 'stationId', 'members'],
  'members-monthly': ['period', 'stationId', 'members'],
  appliances: ['day', 'stationId', 'device', 'sessions', 'seconds'],
  occupancy: ['day', 'stationId', 'samples', 'average', 'peak'],
  rejections: ['day', 'stationId', 'reason', 'count'],
  alarms: [
    'stationId',
    'alarmId',
    'rule',
    'device',
    'detail',
    'status',
    'raisedAt',
    'ackedAt',
    'ackedBy',
    'clearedAt',
    // What the station measured (JSON), for programs; the worded exports say it in the detail.
    'facts',
  ],
  attendance: ['day', 'eventId', 'stationId', 'method', 'category', 'count'],
  feedback: [
    'stationId',
    'feedbackId',
    'category',
    'place',
    'status',
    'assignee',
    'reply',
    'createdAt',
    'updatedAt',
    'resolvedAt',
  ],
};

export async function reportTable(store: HubStore, zone: ZoneClock, table: ReportTable, q: Query): Promise<Report> {
  const r = store.reports;
  const rows = await (async (): Promise<object[]> => {
    switch (table) {
      case 'visits-hourly':
        return r.visits(q, 'hour');
      case 'visits-daily':
        return r.visits(q, 'day');
      case 'visits-monthly':
        return r.visits(q, 'month');
      case 'district-visits':
        return r.districtVisits(q);
      case 'members-daily':
        return r.distinctMembers(q, 'day');
      case 'members-monthly':
        return r.distinctMembers(q, 'month');
      case 'appliances':
        return r.applianceUse(q);
      case 'occupancy':
        return r.occupancy(q);
      case 'rejections':
        return r.rejections(q);
      case 'alarms': {
        const alarms = await everyPage((page) =>
          store.alarms.list({ ...q, ...instantRange(zone, q.from, q.to) }, page),
        );
        return alarms.map((a) => ({ ...a, status: statusOf(a) }));
      }
      case 'attendance':
        return r.attendance(q);
      case 'feedback':
        return everyPage((page) => store.feedback.list({ ...q, ...instantRange(zone, q.from, q.to) }, page));
    }
  })();
  const columns = COLUMNS[table];
  return {
    table,
    from: q.from,
    to: q.to,
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, (r as ReportRow)[c] ?? null]))),
  };
}

/** The rows of a range (at most a year and a day), read page by page in the list's own order. */
async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const rows: T[] = [];
  let before: string | undefined;
  do {
    const page = await read({ limit: MAX_PAGE_SIZE, before });
    rows.push(...page.items);
    before = page.next ?? undefined;
  } while (before);
  return rows;
}

/** RFC 4180 CSV with a BOM (so spreadsheets read the Chinese right), CRLF line ends. */
export function toCsv(report: Pick<Report, 'columns' | 'rows'>): string {
  return csvOf([report.columns, ...report.rows.map((r) => report.columns.map((c) => r[c]!))]);
}

/** The same CSV of rows already worded (a header line, then cells). */
export function csvOf(lines: readonly (readonly Cell[])[]): string {
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A text cell starting like a formula is neutralised: exports are opened in spreadsheets.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
