import { useEffect, useState } from 'preact/hooks';
import { get } from '../model/api.ts';
import { addDays, today } from '../model/dates.ts';
import { formatCount, formatTime, lang, t, tx } from '../model/i18n.ts';
import { stations } from '../model/live.ts';
import { href } from '../model/route.ts';
import type { StationUsage } from '../model/types.ts';
import { BarChart } from './BarChart.tsx';

const CATEGORY_COLORS: Record<string, string> = {
  rider: '#c0392b',
  courier: '#e67e22',
  driver: '#2e86c1',
  sanitation: '#27ae60',
  construction: '#8e6e53',
  other: '#95a5a6',
};

interface Occurrence {
  id: string;
  title: { zh: string; en: string };
  startsAt: string;
}

export function StationPage(props: { id: string }) {
  const [to, setTo] = useState(today());
  const [from, setFrom] = useState(addDays(today(), -29));
  const [usage, setUsage] = useState<StationUsage | null>(null);
  const [events, setEvents] = useState<Occurrence[]>([]);
  useEffect(() => {
    void get<StationUsage>(`/stations/${props.id}/usage?from=${from}&to=${to}`).then(setUsage);
  }, [props.id, from, to]);
  useEffect(() => {
    void get<{ events: Occurrence[] }>(`/stations/${props.id}/schedule`).then((r) => setEvents(r.events));
  }, [props.id]);
  const status = stations.value.find((s) => s.id === props.id);
  const series = Object.entries(CATEGORY_COLORS).map(([key, color]) => ({ key, color, label: tx('category', key) }));
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
              {t('total.inside')} <strong>{status.online && status.inside !== null ? status.inside : '—'}</strong>
            </span>
            <span>
              {t('total.openAlarms')} <strong>{status.openAlarms}</strong>
            </span>
            <span>
              {t('station.lastSeen')} {formatTime(status.lastSeenAt)}
            </span>
          </div>
        )}
      </section>
      <section class="range">
        <label>
          {t('range.from')} <input type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('range.to')} <input type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </section>
      {usage && (
        <>
          <section class="tiles">
            <Kpi value={usage.days.reduce((n, d) => n + d.total, 0)} label={t('station.visits')} />
            <Kpi value={usage.distinctMembers} label={t('station.members')} />
            <Kpi value={usage.occupancy.peak ?? '—'} label={t('station.peak')} />
            <Kpi value={usage.occupancy.average ?? '—'} label={t('station.average')} />
            <Kpi
              value={Object.values(usage.rejectedScans).reduce((n, c) => n + (c ?? 0), 0)}
              label={t('station.rejected')}
            />
          </section>
          <section class="card">
            <h2>{t('station.visitsByDay')}</h2>
            <BarChart
              title={t('station.visitsByDay')}
              series={series}
              columns={usage.days.map((d) => ({ label: d.day.slice(5), values: d.byCategory }))}
            />
          </section>
          <div class="two">
            <section class="card">
              <h2>{t('station.visitsByHour')}</h2>
              <BarChart
                title={t('station.visitsByHour')}
                height={180}
                series={[{ key: 'n', label: '', color: '#9e1b1e' }]}
                columns={usage.hours.map((n, h) => ({ label: String(h), values: { n } }))}
              />
            </section>
            <section class="card">
              <h2>{t('station.appliances')}</h2>
              <ul class="plain">
                {usage.appliances.map((a) => (
                  <li key={a.device}>
                    <strong>{a.device}</strong> {formatCount(a.sessions)} {t('station.sessions')} ·{' '}
                    {formatCount(Math.round(a.minutes))} {t('station.minutes')}
                  </li>
                ))}
              </ul>
              <h2>{t('station.upcoming')}</h2>
              <ul class="plain">
                {events.slice(0, 6).map((e) => (
                  <li key={e.id}>
                    {formatTime(e.startsAt)} · {e.title[lang.value]}
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </>
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
