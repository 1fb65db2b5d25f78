/** The office's wall screen at 1920×1080: dark, no sign-in chrome, every figure live. */

import { signal } from '@preact/signals';
import { CATEGORY_LABELS, clockText, dateText, WORKER_CATEGORIES } from '@yizhan/shared';
import { useEffect, useState } from 'preact/hooks';
import type { StationStatus } from '../../../src/live/schema.ts';
import { StationMap } from '../map/LazyStationMap.tsx';
import { connected, events, figures, overview, refused, stations, tiles, title } from './screen-live.ts';

const ZONE = 'Asia/Shanghai';
const fmt = (n: number) => n.toLocaleString('zh-CN');
const CATEGORY_COLORS = ['#ff7a59', '#ffc145', '#4cc9f0', '#52d68a', '#b497ff', '#9aa5b1'];

function Heading(props: { zh: string; en: string }) {
  return (
    <h2 class="s-heading">
      {props.zh} <span lang="en">{props.en}</span>
    </h2>
  );
}

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ScreenApp() {
  const now = useNow();
  if (refused.value) {
    return (
      <div class="s-refused" role="alert">
        <h1>{refused.value === 'revoked' ? '此大屏链接已停用' : '大屏链接无效'}</h1>
        <p lang="en">
          {refused.value === 'revoked' ? 'This screen link has been revoked.' : 'This screen link is not valid.'}
        </p>
      </div>
    );
  }
  const o = overview.value;
  return (
    <div class="s-root" data-connected={String(connected.value)}>
      <header class="s-top">
        <h1 class="s-title">{title.value}</h1>
        <div class="s-clock">
          <span class="s-time">{clockText(now, ZONE)}</span>
          <span>{dateText(now, ZONE, 'zh')}</span>
          <span class={connected.value ? 's-live on' : 's-live'} role="status">
            {connected.value ? '实时 Live' : '正在重新连接… Reconnecting'}
          </span>
        </div>
      </header>
      {o ? (
        <main class="s-grid">
          <section class="s-col">
            <div class="s-kpis">
              <Kpi id="todayVisits" zh="今日服务人次" en="Served today" value={fmt(o.city.todayVisits)} big />
              <Kpi id="yearVisits" zh="今年累计服务人次" en="Served this year" value={fmt(o.city.yearVisits)} big />
              <Kpi id="online" zh="在线驿站" en="Stations online" value={`${o.city.online}/${o.city.stations}`} />
              <Kpi id="inside" zh="站内人数" en="People inside" value={fmt(o.city.inside)} />
              <Kpi
                id="alarms"
                zh="未处理告警"
                en="Open alarms"
                value={fmt(o.city.unacknowledgedAlarms)}
                alert={o.city.unacknowledgedAlarms > 0}
              />
            </div>
            <div class="s-panel">
              <Heading zh="各区服务人次" en="By district, today" />
              <Bars
                rows={o.districts.map((d) => ({ key: d.district, label: d.district, value: d.todayVisits }))}
                testid="districts"
              />
            </div>
            <div class="s-panel">
              <Heading zh="服务对象构成（今日）" en="Who came, today" />
              <Mix />
            </div>
          </section>
          <section class="s-map-panel">
            <StationMap stations={stations.value} tiles={tiles.value ?? null} dark describe={describe} onOpen={open} />
            <OpenStation />
          </section>
          <section class="s-col">
            <div class="s-panel">
              <Heading zh="今日各时段 vs 上周同日" en="Visits by hour: today and a week ago" />
              <Hours />
            </div>
            <div class="s-panel s-alarms">
              <Heading zh="告警驿站" en="Stations with alarms" />
              <AlarmGrid />
            </div>
            <div class="s-panel">
              <Heading zh="今日活动" en="Today's events" />
              <Events now={now} />
            </div>
          </section>
        </main>
      ) : (
        <p class="s-wait">正在连接中心平台… Connecting</p>
      )}
    </div>
  );
}

function Kpi(props: { id: string; zh: string; en: string; value: string; big?: boolean; alert?: boolean }) {
  return (
    <div class={['s-kpi', props.big ? 'big' : '', props.alert ? 'alert' : ''].join(' ')}>
      <div class="s-kpi-value" data-kpi={props.id}>
        {props.value}
      </div>
      <div class="s-kpi-label">
        {props.zh} <span lang="en">{props.en}</span>
      </div>
    </div>
  );
}

function Bars(props: { rows: { key: string; label: string; value: number; color?: string }[]; testid: string }) {
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <ul class="s-bars" data-testid={props.testid}>
      {props.rows.map((r) => (
        <li key={r.key} data-bar={r.key}>
          <span class="s-bar-label">{r.label}</span>
          <span class="s-bar-track">
            <span class="s-bar" style={{ width: `${(r.value / max) * 100}%`, background: r.color }} />
          </span>
          <span class="s-bar-value">{fmt(r.value)}</span>
        </li>
      ))}
    </ul>
  );
}

function Mix() {
  const mix = figures.value?.mix.today;
  if (!mix) return null;
  return (
    <Bars
      testid="mix"
      rows={WORKER_CATEGORIES.map((c, i) => ({
        key: c,
        label: CATEGORY_LABELS[c].zh,
        value: mix[c],
        color: CATEGORY_COLORS[i],
      }))}
    />
  );
}

/** Today's hours as bars, a week ago's as a line over them. */
function Hours() {
  const h = figures.value?.hours;
  if (!h) return null;
  const width = 520;
  const height = 170;
  const max = Math.max(1, ...h.today, ...h.lastWeek);
  const x = (i: number) => 24 + (i * (width - 32)) / 24;
  const y = (v: number) => height - 20 - (v / max) * (height - 36);
  const line = h.lastWeek.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i) + 8},${y(v)}`).join(' ');
  return (
    <figure class="s-hours">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="今日各时段服务人次与上周同日">
        {h.today.map((v, i) => (
          <rect key={i} x={x(i)} y={y(v)} width={15} height={height - 20 - y(v)} class="today" data-hour={i} />
        ))}
        <path d={line} class="last-week" />
        {[0, 6, 12, 18, 23].map((i) => (
          <text key={i} x={x(i) + 8} y={height - 4} text-anchor="middle">
            {i}时
          </text>
        ))}
      </svg>
      <figcaption>
        <span class="key today">今日 Today {fmt(h.today.reduce((a, b) => a + b, 0))}</span>
        <span class="key last-week">上周同日 A week ago {fmt(h.lastWeek.reduce((a, b) => a + b, 0))}</span>
      </figcaption>
    </figure>
  );
}

function AlarmGrid() {
  const withAlarms = stations.value
    .filter((s) => s.openAlarms > 0)
    .sort((a, b) => b.unacknowledgedAlarms - a.unacknowledgedAlarms);
  if (withAlarms.length === 0) return <p class="s-none">暂无告警 No alarms</p>;
  return (
    <ul class="s-alarm-grid" data-testid="alarm-grid">
      {withAlarms.slice(0, 12).map((s) => (
        <li key={s.id} data-station={s.id} class={s.unacknowledgedAlarms > 0 ? 'open' : 'acknowledged'}>
          <strong lang="zh-CN">{s.name}</strong>
          <span>
            {s.district} · 未处理 {s.unacknowledgedAlarms} / 未解除 {s.openAlarms}
          </span>
          <span>{s.online ? '在线' : '离线'}</span>
        </li>
      ))}
    </ul>
  );
}

function Events(props: { now: Date }) {
  const list = events.value;
  if (list.length === 0) return <p class="s-none">今日无活动 No events today</p>;
  return (
    <ul class="s-events" data-testid="events">
      {list.slice(0, 6).map((e) => {
        const running = Date.parse(e.startsAt) <= props.now.getTime() && Date.parse(e.endsAt) > props.now.getTime();
        return (
          <li key={e.id} class={running ? 'running' : ''}>
            <span class="s-event-time">
              {clockText(new Date(e.startsAt), ZONE)}–{clockText(new Date(e.endsAt), ZONE)}
            </span>
            <strong>{e.title.zh}</strong>
            <span class="s-event-where">{e.where.zh}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** The station a click opened: its live figures over the map, until closed. */
const opened = signal<string | null>(null);
function open(id: string): void {
  opened.value = id;
}

function describe(s: StationStatus): string {
  return `${s.name} · ${s.online ? '在线' : '离线'}${s.online && s.inside !== null ? ` · 站内 ${s.inside}/${s.capacity}` : ''}${
    s.openAlarms > 0 ? ` · 告警 ${s.openAlarms}` : ''
  }`;
}

function OpenStation() {
  const s = stations.value.find((x) => x.id === opened.value);
  if (!s) return null;
  return (
    <div class="s-station" role="dialog" aria-label={s.name} data-testid="screen-station">
      <button type="button" class="s-close" onClick={() => (opened.value = null)} aria-label="关闭 Close">
        ×
      </button>
      <h3 lang="zh-CN">{s.name}</h3>
      <p>
        {s.district} · {s.online ? '在线 Online' : '离线 Offline'}
      </p>
      <dl>
        <div>
          <dt>站内人数</dt>
          <dd>{s.online && s.inside !== null ? `${s.inside}/${s.capacity}` : '—'}</dd>
        </div>
        <div>
          <dt>今日服务</dt>
          <dd>{fmt(s.todayVisits)}</dd>
        </div>
        <div>
          <dt>今年累计</dt>
          <dd>{fmt(s.yearVisits)}</dd>
        </div>
        <div>
          <dt>未处理告警</dt>
          <dd>{s.unacknowledgedAlarms}</dd>
        </div>
      </dl>
      {s.openAlarms > 0 && <p class="s-hint">告警详情请在管理平台查看 Alarm details are on the office's dashboard</p>}
    </div>
  );
}
