import { useEffect, useState } from 'preact/hooks';
import { formatCount, formatTime, t } from '../model/i18n.ts';
import { loadOverview, overview, overviewError, overviewLoading, stations } from '../model/overview.ts';
import { href } from '../model/route.ts';
import { AlarmCount, Inside } from './LiveFigures.tsx';
import { LoadFailure, Loading } from './RemoteState.tsx';

type TotalsKey = 'stations' | 'online' | 'offline' | 'inside' | 'unacknowledgedAlarms' | 'todayVisits' | 'yearVisits';
const TILES: { key: TotalsKey; label: Parameters<typeof t>[0] }[] = [
  { key: 'yearVisits', label: 'total.year' },
  { key: 'todayVisits', label: 'total.today' },
  { key: 'online', label: 'total.online' },
  { key: 'offline', label: 'total.offline' },
  { key: 'inside', label: 'total.inside' },
  // 未处理: raised and not yet acknowledged, as the alarms page counts them.
  { key: 'unacknowledgedAlarms', label: 'total.openAlarms' },
];

export function OverviewPage() {
  const [district, setDistrict] = useState<string | null>(null);
  // The live socket brings the fleet too; this read is there for when it has not (yet), and fails visibly.
  useEffect(() => {
    if (!overview.value) void loadOverview();
  }, []);
  const o = overview.value;
  const failure = overviewError.value && (
    <LoadFailure
      what="load.overview"
      error={overviewError.value}
      retrying={overviewLoading.value}
      onRetry={() => void loadOverview()}
    />
  );
  if (!o) return failure || <Loading />;
  const shown = stations.value.filter((s) => district === null || s.district === district);
  return (
    <>
      {failure}
      <section class="tiles">
        {TILES.map((tile) => (
          <div key={tile.key} class={`tile tile-${tile.key}`}>
            <div class="tile-value" data-total={tile.key}>
              {formatCount(o.city[tile.key])}
            </div>
            <div class="tile-label">{t(tile.label)}</div>
          </div>
        ))}
      </section>
      <section class="card">
        <h2>{t('overview.districts')}</h2>
        <div class="districts">
          <button
            type="button"
            class={district === null ? 'district active' : 'district'}
            onClick={() => setDistrict(null)}
          >
            <strong>{t('overview.allDistricts')}</strong>
            <span>
              {o.city.online}/{o.city.stations} {t('total.online')}
            </span>
          </button>
          {o.districts.map((d) => (
            <button
              type="button"
              key={d.district}
              class={district === d.district ? 'district active' : 'district'}
              onClick={() => setDistrict(d.district)}
            >
              <strong>{d.district}</strong>
              <span>
                {d.online}/{d.stations} {t('total.online')} · {formatCount(d.todayVisits)} {t('total.today')}
              </span>
              {d.unacknowledgedAlarms > 0 && <span class="badge alarm">{d.unacknowledgedAlarms}</span>}
            </button>
          ))}
        </div>
      </section>
      <section class="card">
        <h2>{t('overview.stations')}</h2>
        <table class="stations">
          <thead>
            <tr>
              <th>{t('station.status')}</th>
              <th>{t('station.name')}</th>
              <th>{t('station.district')}</th>
              <th class="num">{t('total.inside')}</th>
              <th class="num">{t('total.openAlarms')}</th>
              <th class="num">{t('total.today')}</th>
              <th class="num">{t('total.year')}</th>
              <th>{t('station.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.id} data-station={s.id}>
                <td>
                  <span class={s.online ? 'pill online' : 'pill offline'} data-online={String(s.online)}>
                    {t(s.online ? 'station.online' : 'station.offline')}
                  </span>
                </td>
                <td>
                  <a href={href({ page: 'station', id: s.id })}>{s.name}</a>
                </td>
                <td>{s.district}</td>
                <td class="num">
                  <Inside status={s} />
                </td>
                <td class="num">
                  <AlarmCount status={s} />
                </td>
                <td class="num">{formatCount(s.todayVisits)}</td>
                <td class="num">{formatCount(s.yearVisits)}</td>
                <td>{formatTime(s.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
