/**
 * A report table as the operator reads it: headers, station names, words for codes, alarms in the office's words
 * and times in the hub's zone. The export page's preview, the worded CSV and the XLSX are made from this, so they
 * say the same; the plain JSON and CSV keep the codes for other programs.
 */
import { caseNumberOf, type DescribedDevice, type Label } from '@yizhan/shared';
import { alarmDetail, alarmTitle } from '../alarms/words.ts';
import { deviceLabelOf } from '../stations/device-names.ts';
import type { HubStore } from '../store.ts';
import type { Cell, Report } from './report-tables.ts';
import { COLUMN_WORDS, cellWords, TABLE_WORDS } from './report-words.ts';

export type Lang = 'zh' | 'en';
export const LANGS = ['zh', 'en'] as const;

export interface DisplayedReport {
  title: string;
  columns: { key: string; header: string }[];
  /** Each cell as text, or a number kept a number (a spreadsheet sums it). */
  rows: (string | number)[][];
}

/** Columns for programs only: what an alarm measured is said in its detail, and its id is no one's word. */
const HIDDEN = new Set(['facts', 'alarmId']);

export interface DisplayContext {
  stationName(id: string): string;
  devices(stationId: string): readonly DescribedDevice[];
  /** An occurrence's event title ('<schedule>@<day>' or the schedule's id); '' for one since deleted. */
  eventTitle(eventId: string): Label | undefined;
  /** An ISO time as the hub's zone reads it, 'YYYY-MM-DD HH:MM'. */
  localTime(iso: string): string;
}

export function displayReport(report: Report, lang: Lang, context: DisplayContext): DisplayedReport {
  const columns = report.columns.filter((c) => !HIDDEN.has(c));
  const pick = (label: Label) => label[lang];
  const cell = (row: Record<string, Cell>, column: string): string | number => {
    const value = row[column] ?? null;
    if (value === null) return '';
    if (typeof value === 'number') return value;
    switch (column) {
      case 'stationId':
        return context.stationName(value);
      case 'feedbackId':
        return caseNumberOf(value);
      case 'eventId': {
        const title = context.eventTitle(value);
        return title ? pick(title) : lang === 'zh' ? '已删除的活动' : 'A deleted event';
      }
      case 'rule':
        return pick(alarmTitle(value));
      case 'device':
        return pick(deviceLabelOf(context.devices(String(row.stationId ?? '')), value));
      case 'detail': {
        if (report.table !== 'alarms') return value;
        const device = row.device;
        return pick(
          alarmDetail({
            rule: String(row.rule ?? ''),
            facts: typeof row.facts === 'string' ? (JSON.parse(row.facts) as object) : null,
            deviceLabel:
              typeof device === 'string' ? deviceLabelOf(context.devices(String(row.stationId ?? '')), device) : null,
            detail: value,
          }),
        );
      }
      default:
        if (column.endsWith('At')) return context.localTime(value);
        return cellWords(report.table, column, value)?.[lang] ?? value;
    }
  };
  return {
    title: `${pick(TABLE_WORDS[report.table])} ${report.from} – ${report.to}`,
    columns: columns.map((key) => ({ key, header: COLUMN_WORDS[key] ? pick(COLUMN_WORDS[key]) : key })),
    rows: report.rows.map((row) => columns.map((c) => cell(row, c))),
  };
}

/** The names and device lists a report's rows need, read once per station. */
export async function displayContext(
  store: HubStore,
  report: Report,
  localTime: (iso: string) => string,
): Promise<DisplayContext> {
  const ids = [...new Set(report.rows.map((r) => r.stationId).filter((id): id is string => typeof id === 'string'))];
  const schedules = [
    ...new Set(report.rows.map((r) => r.eventId).filter((id): id is string => typeof id === 'string')),
  ].map(scheduleIdOf);
  const [names, devices, titles] = await Promise.all([
    Promise.all(ids.map(async (id) => [id, (await store.stations.get(id))?.name ?? id] as const)).then(
      (pairs) => new Map(pairs),
    ),
    store.stations.devices(ids),
    Promise.all(
      [...new Set(schedules)].map(async (id) => [id, (await store.schedules.schedule(id))?.content.title] as const),
    ).then((pairs) => new Map(pairs)),
  ]);
  return {
    stationName: (id) => names.get(id) ?? id,
    devices: (id) => devices.get(id) ?? [],
    eventTitle: (eventId) => titles.get(scheduleIdOf(eventId)),
    localTime,
  };
}

/** The schedule an occurrence id ('<schedule>@<local day>') belongs to. */
export const scheduleIdOf = (eventId: string): string => eventId.split('@')[0]!;
