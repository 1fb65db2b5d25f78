import { WORKER_CATEGORIES } from '@yizhan/shared';
import { useEffect, useState } from 'preact/hooks';
import type { Trends } from '../../../src/reports/trends.ts';
import { categoryLabel, formatCount, lang, t } from '../model/i18n.ts';
import { href } from '../model/route.ts';
import { trendsData } from '../model/trends.ts';
import { ReadState } from './RemoteState.tsx';
import { CATEGORY_COLORS } from './StationPage.tsx';

type Rank = 'visitsPerSeat' | 'visits' | 'applianceMinutesPerVisit';

/** 趋势分析: this week, month and year against the previous ones; each district's mix; the stations ranked. */
export function TrendsPage() {
  useEffect(() => void trendsData.load(), []);
  const data = trendsData.data.value;
  const [rank, setRank] = useState<Rank>('visitsPerSeat');
  return (
    <>
      <ReadState remote={trendsData} what="load.trends" />
      {data && (
        <>
          <section class="tiles">
            {data.periods.map((p) => (
              <div key={p.period} class="tile" data-period={p.period}>
                <div class="tile-value">{formatCount(p.current.visits)}</div>
                <div class="tile-label">{t(`trends.${p.period}`)}</div>
                <Change value={p.change} previous={p.previous.visits} />
              </div>
            ))}
          </section>
          <section class="card">
            <h2>{t('trends.districtMix')}</h2>
            <Mix
              rows={data.districts.map((d) => ({
                key: d.district,
                label: d.district,
                total: d.visits,
                mix: d.byCategory,
              }))}
            />
          </section>
          <section class="card">
            <div class="range">
              <h2>
                {t('trends.ranking')} ({data.ranked.from} – {data.ranked.to})
              </h2>
              <label>
                {t('trends.rankBy')}
                <select name="rank" value={rank} onChange={(e) => setRank(e.currentTarget.value as Rank)}>
                  <option value="visitsPerSeat">{t('trends.visitsPerSeat')}</option>
                  <option value="visits">{t('station.visits')}</option>
                  <option value="applianceMinutesPerVisit">{t('trends.appliancePerVisit')}</option>
                </select>
              </label>
            </div>
            <Ranking stations={data.stations} by={rank} />
          </section>
        </>
      )}
    </>
  );
}

function Change(props: { value: number | null; previous: number }) {
  if (props.value === null) return <div class="muted change">{t('trends.noPrevious')}</div>;
  const pct = Math.round(props.value * 1000) / 10;
  const up = pct >= 0;
  return (
    <div class={up ? 'change up' : 'change down'} data-change={pct}>
      {up ? '▲' : '▼'} {Math.abs(pct)}% {t('trends.vsPrevious')} ({formatCount(props.previous)})
    </div>
  );
}

/** Stacked bars of the worker categories, one per row. */
function Mix(props: {
  rows: { key: string; label: string; total: number; mix: Trends['districts'][number]['byCategory'] }[];
}) {
  return (
    <>
      <ul class="mix-bars">
        {props.rows.map((r) => (
          <li key={r.key} data-mix={r.key}>
            <span class="mix-label" lang="zh-CN">
              {r.label}
            </span>
            <span
              class="mix-track"
              role="img"
              aria-label={`${r.label}: ${WORKER_CATEGORIES.map((c) => `${categoryLabel(c)} ${r.mix[c]}`).join(', ')}`}
            >
              {WORKER_CATEGORIES.map((c) =>
                r.mix[c] > 0 ? (
                  <span
                    key={c}
                    style={{ width: `${(r.mix[c] / Math.max(1, r.total)) * 100}%`, background: CATEGORY_COLORS[c] }}
                  />
                ) : null,
              )}
            </span>
            <span class="num">{formatCount(r.total)}</span>
          </li>
        ))}
      </ul>
      <p class="legend">
        {WORKER_CATEGORIES.map((c) => (
          <span key={c}>
            <i style={{ background: CATEGORY_COLORS[c] }} />
            {categoryLabel(c)}
          </span>
        ))}
      </p>
    </>
  );
}

function Ranking(props: { stations: Trends['stations']; by: Rank }) {
  const sorted = [...props.stations].sort(
    (a, b) => (b[props.by] ?? -1) - (a[props.by] ?? -1) || a.stationId.localeCompare(b.stationId),
  );
  return (
    <table data-ranking={props.by}>
      <thead>
        <tr>
          <th class="num">#</th>
          <th>{t('station.name')}</th>
          <th>{t('station.district')}</th>
          <th class="num">{t('station.visits')}</th>
          <th class="num">{t('trends.visitsPerSeat')}</th>
          <th class="num">{t('trends.busiestHour')}</th>
          <th class="num">{t('trends.appliancePerVisit')}</th>
          <th>{t('trends.mix')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((s, i) => (
          <tr key={s.stationId} data-station={s.stationId}>
            <td class="num">{i + 1}</td>
            <td>
              <a href={href({ page: 'station', id: s.stationId })} lang="zh-CN">
                {s.name}
              </a>
            </td>
            <td lang="zh-CN">{s.district}</td>
            <td class="num">{formatCount(s.visits)}</td>
            <td class="num">{s.visitsPerSeat}</td>
            <td class="num">
              {s.busiestHour === null ? '—' : lang.value === 'zh' ? `${s.busiestHour}时` : `${s.busiestHour}:00`}
            </td>
            <td class="num">{s.applianceMinutesPerVisit ?? '—'}</td>
            <td>
              <span
                class="mix-track small"
                role="img"
                aria-label={WORKER_CATEGORIES.map((c) => `${categoryLabel(c)} ${s.byCategory[c]}`).join(', ')}
              >
                {WORKER_CATEGORIES.map((c) =>
                  s.byCategory[c] > 0 ? (
                    <span
                      key={c}
                      style={{
                        width: `${(s.byCategory[c] / Math.max(1, s.visits)) * 100}%`,
                        background: CATEGORY_COLORS[c],
                      }}
                    />
                  ) : null,
                )}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
