import { useEffect } from 'preact/hooks';
import { REPORT_TABLES, type ReportTable } from '../../../src/reports/report-names.ts';
import { t } from '../model/i18n.ts';
import {
  chooseReport,
  csvHref,
  report,
  reportRange,
  reportTable,
  setReportRange,
  showReports,
} from '../model/reports.ts';
import { DayRangeFields } from './DayRangeFields.tsx';
import { ReadState } from './RemoteState.tsx';

/** Any report table for a date range: a preview here, the same rows as CSV from the hub. */
export function ExportPage() {
  useEffect(showReports, []);
  const range = reportRange.value;
  const data = report.data.value;
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
                  {name}
                </option>
              ))}
            </select>
          </label>
          <DayRangeFields range={range} onChange={setReportRange} />
          <a class="button primary" href={csvHref.value} download>
            {t('export.download')}
          </a>
        </div>
      )}
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
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.slice(0, 200).map((r, i) => (
                  <tr key={i}>
                    {data.columns.map((c) => (
                      <td key={c}>{r[c] ?? ''}</td>
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
