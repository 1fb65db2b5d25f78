import { useEffect, useState } from 'preact/hooks';
import { REPORT_TABLES } from '../../../src/reports/report-names.ts';
import { get } from '../model/api.ts';
import { addDays, today } from '../model/dates.ts';
import { t } from '../model/i18n.ts';

interface Report {
  columns: string[];
  rows: Record<string, string | number | null>[];
}

/** Any report table for a date range: a preview here, the same rows as CSV from the hub. */
export function ExportPage() {
  const [table, setTable] = useState('visits-daily');
  const [from, setFrom] = useState(addDays(today(), -6));
  const [to, setTo] = useState(today());
  const [report, setReport] = useState<Report | null>(null);
  const query = `from=${from}&to=${to}`;
  useEffect(() => {
    if (from <= to) void get<Report>(`/reports/${table}?${query}`).then(setReport);
  }, [table, query]);
  return (
    <section class="card">
      <h1>{t('export.title')}</h1>
      <div class="range">
        <label>
          {t('export.table')}
          <select name="table" value={table} onChange={(e) => setTable(e.currentTarget.value)}>
            {REPORT_TABLES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('range.from')}{' '}
          <input name="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('range.to')} <input name="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <a class="button primary" href={`/api/v1/reports/${table}/csv?${query}`} download>
          {t('export.download')}
        </a>
      </div>
      {report && (
        <>
          <p class="muted">
            {t('export.preview')}: {report.rows.length} {t('export.rows')}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  {report.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.slice(0, 200).map((r, i) => (
                  <tr key={i}>
                    {report.columns.map((c) => (
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
