import { useEffect } from 'preact/hooks';
import { REPORT_TABLES, type ReportTable } from '../../../src/reports/report-names.ts';
import { TABLE_WORDS } from '../../../src/reports/report-words.ts';
import { lang, pick, t } from '../model/i18n.ts';
import {
  chooseReport,
  csvHref,
  monthlyHref,
  report,
  reportMonth,
  reportRange,
  reportTable,
  setReportRange,
  showReports,
  xlsxHref,
} from '../model/reports.ts';
import { today } from '../model/session.ts';

/** The month before this one in the hub's zone, `YYYY-MM`. */
const lastMonth = () => {
  const [y, m] = today().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

import { DayRangeFields } from './DayRangeFields.tsx';
import { ReadState } from './RemoteState.tsx';

/** Any report table for a date range: a preview here, the same rows as CSV from the hub. */
export function ExportPage() {
  // The hub words the preview: another language is another read.
  useEffect(showReports, [lang.value]);
  const range = reportRange.value;
  const data = report.data.value?.display;
  return (
    <section class="card">
      <h1>{t('export.title')}</h1>
      {range && (
        <div class="range">
          <label>
            {t('export.table')}
            <select
              name="table"
              value={reportTable.value}
              onChange={(e) => chooseReport(e.currentTarget.value as ReportTable)}
            >
              {REPORT_TABLES.map((name) => (
                <option key={name} value={name}>
                  {pick(TABLE_WORDS[name])}
                </option>
              ))}
            </select>
          </label>
          <DayRangeFields range={range} onChange={setReportRange} />
          <a class="button primary" href={csvHref.value} download>
            {t('export.download')}
          </a>
          <a class="button primary" href={xlsxHref.value} download>
            {t('export.xlsx')}
          </a>
        </div>
      )}
      <div class="range monthly">
        <strong>{t('export.monthly')}</strong>
        <label>
          {t('export.month')}{' '}
          <input
            name="month"
            type="month"
            value={reportMonth.value ?? lastMonth()}
            onChange={(e) => {
              reportMonth.value = e.currentTarget.value;
            }}
          />
        </label>
        <a class="button primary" href={monthlyHref.value.replace(/month=$/, `month=${lastMonth()}`)} download>
          {t('export.monthlyDownload')}
        </a>
      </div>
      <ReadState remote={report} what="load.report" />
      {data && (
        <>
          <p class="muted">
            {t('export.preview')}: {data.rows.length} {t('export.rows')}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  {data.columns.map((c) => (
                    <th key={c.key} data-column={c.key}>
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.slice(0, 200).map((r, i) => (
                  <tr key={i}>
                    {data.columns.map((c, j) => (
                      <td key={c.key}>{r[j]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
