import { WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { useEffect } from 'preact/hooks';
import { categoryLabel, formatCount, formatTime, lang, pick, t } from '../model/i18n.ts';
import { stations } from '../model/overview.ts';
import { href } from '../model/route.ts';
import { setStationRange, showStation, stationRange, upcoming, usage } from '../model/stations.ts';
import { BarChart } from './BarChart.tsx';
import { DayRangeFields } from './DayRangeFields.tsx';
import { AlarmCount, Inside } from './LiveFigures.tsx';
import { ReadState } from './RemoteState.tsx';
import { StationRemote } from './StationRemote.tsx';

export const CATEGORY_COLORS: Record<WorkerCategory, string> = {
  rider: '#c0392b',
  courier: '#e67e22',
  driver: '#2e86c1',
  sanitation: '#27ae60',
  construction: '#8e6e53',
  other: '#95a5a6',
};

export function StationPage(props: { id: string }) {
  useEffect(() => showStation(props.id), [props.id]);
  const range = stationRange.value;
  const data = usage.data.value;
  const status = stations.value.find((s) => s.id === props.id);
  const series = WORKER_CATEGORIES.map((key) => ({ key, color: CATEGORY_COLORS[key], label: categoryLabel(key) }));
  return (
    <>
      <p>
        <a href={href({ page: 'overview' })}>← {t('station.back')}</a>
      </p>
      <section class="card station-head">
        <div>
          <h1>{status?.name ?? props.id}</h1>
          <p class="muted">
            {status?.district} · {t('station.capacity')} {status?.capacity}
          </p>
        </div>
        {status && (
          <div class="station-live">
            <span class={status.online ? 'pill online' : 'pill offline'}>
              {t(status.online ? 'station.online' : 'station.offline')}
            </span>
            <span>
              {t('total.inside')}{' '}
              <strong>
                <Inside status={status} />
              </strong>
            </span>
            <span>
              {t('total.openAlarms')}{' '}
              <strong>
                <AlarmCount status={status} />
              </strong>
            </span>
            <span>
              {t('station.lastSeen')} {formatTime(status.lastSeenAt)}
            </span>
          </div>
        )}
      </section>
      <StationRemote id={props.id} />
      {range && (
        <section class="range">
          <DayRangeFields range={range} onChange={setStationRange} />
        </section>
      )}
      <ReadState remote={usage} what="load.station" />
      {data && (
        <>
          <section class="tiles">
            <Kpi value={data.days.reduce((n, d) => n + d.total, 0)} label={t('station.visits')} />
            <Kpi value={data.distinctMembers} label={t('station.members')} />
            <Kpi value={data.occupancy.peak ?? '—'} label={t('station.peak')} />
            <Kpi value={data.occupancy.average ?? '—'} label={t('station.average')} />
            <Kpi
              value={Object.values(data.rejectedScans).reduce((n, c) => n + (c ?? 0), 0)}
              label={t('station.rejected')}
            />
          </section>
          <section class="card">
            <h2>{t('station.visitsByDay')}</h2>
            <BarChart
              title={t('station.visitsByDay')}
              series={series}
              columns={data.days.map((d) => ({ label: d.day.slice(5), values: d.byCategory }))}
            />
          </section>
          <div class="two">
            <section class="card">
              <h2>{t('station.visitsByHour')}</h2>
              <BarChart
                title={t('station.visitsByHour')}
                height={180}
                series={[{ key: 'n', label: '', color: '#9e1b1e' }]}
                columns={data.hours.map((n, h) => ({ label: String(h), values: { n } }))}
              />
            </section>
            <section class="card">
              <h2>{t('station.appliances')}</h2>
              <ul class="plain">
                {data.appliances.map((a) => (
                  <li key={a.device} data-device={a.device}>
                    <strong>{pick(a.label)}</strong> {formatCount(a.sessions)} {t('station.sessions')} ·{' '}
                    {formatCount(Math.round(a.minutes))} {t('station.minutes')}
                  </li>
                ))}
              </ul>
              <h2>{t('station.upcoming')}</h2>
              <Upcoming />
            </section>
          </div>
        </>
      )}
    </>
  );
}

function Upcoming() {
  const events = upcoming.data.value?.events;
  return (
    <>
      <ReadState remote={upcoming} what="load.upcoming" />
      {events && (
        <ul class="plain">
          {events.slice(0, 6).map((e) => (
            <li key={e.id}>
              {formatTime(e.startsAt)} · {e.title[lang.value]}
              {e.repeats && <span class="muted"> · {pick(e.repeats)}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Kpi(props: { value: number | string; label: string }) {
  return (
    <div class="tile">
      <div class="tile-value">{typeof props.value === 'number' ? formatCount(props.value) : props.value}</div>
      <div class="tile-label">{props.label}</div>
    </div>
  );
}
