import { computed, signal } from '@preact/signals';
import type { ReportTable } from '../../../src/reports/report-names.ts';
import { reportView } from '../../../src/reports/schema.ts';
import { get } from './api.ts';
import { lang } from './i18n.ts';
import { remote } from './remote.ts';
import { type DayRange, lastDays } from './session.ts';

/** The export page: one report table over a range of local days, previewed before its CSV download. */
export const reportTable = signal<ReportTable>('visits-daily');
/** Null until the page first opens. */
export const reportRange = signal<DayRange | null>(null);

// Worded in the operator's language by the hub: the preview and the download say the same.
const query = computed(() => {
  const range = reportRange.value;
  return range ? `from=${range.from}&to=${range.to}&lang=${lang.value}` : '';
});

export const report = remote(() => get(`/reports/${reportTable.value}?${query.value}`, reportView));
/** The same rows as the preview, as the hub's CSV and as an XLSX workbook. */
export const csvHref = computed(() => `/api/v1/reports/${reportTable.value}/csv?${query.value}`);
export const xlsxHref = computed(() => `/api/v1/reports/${reportTable.value}/xlsx?${query.value}`);
/** The month of the monthly report, `YYYY-MM`: last month until chosen. */
export const reportMonth = signal<string | null>(null);
export const monthlyHref = computed(() => `/api/v1/monthly-report/xlsx?month=${reportMonth.value ?? ''}`);

function read(): void {
  const range = reportRange.value;
  // A range that ends before it starts is being typed: nothing to ask for yet.
  if (range && range.from <= range.to) void report.load();
}

export function showReports(): void {
  reportRange.value ??= lastDays(7);
  read();
}

export function chooseReport(table: ReportTable): void {
  reportTable.value = table;
  read();
}

export function setReportRange(range: DayRange): void {
  reportRange.value = range;
  read();
}
