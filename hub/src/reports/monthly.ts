/**
 * The monthly report a district or city union files: person-times by worker category per district and for the
 * whole, each station's, the events held (with their attendance), and the problem cases reported and resolved.
 */
import { CATEGORY_LABELS, instantRange, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { z } from 'zod';
import type { HubContext } from '../hub-context.ts';
import { MAX_PAGE_SIZE } from '../page-query.ts';
import { occurrences } from '../schedules/occurrences.ts';
import type { ScheduleRecord } from '../schedules/schema.ts';
import type { StationScope } from '../scope.ts';
import { lastDayOfMonth, zeroCategories } from './trends.ts';
import type { Sheet } from './xlsx.ts';

const count = z.number().int();
const byCategory = z.record(z.enum(WORKER_CATEGORIES), count);
const figures = z.object({ stations: count, visits: count, byCategory });

export const monthlyReport = z.object({
  month: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** The district reported on; null: every station of the hub. */
  district: z.string().nullable(),
  total: figures,
  districts: z.array(figures.extend({ district: z.string() })),
  stations: z.array(
    z.object({ stationId: z.string(), name: z.string(), district: z.string(), visits: count, byCategory }),
  ),
  events: z.array(z.object({ title: z.string(), startsAt: z.string(), where: z.string(), attended: count.nullable() })),
  cases: z.object({ reported: count, resolved: count }),
});
export type MonthlyReport = z.infer<typeof monthlyReport>;

export async function monthlyReportOf(deps: HubContext, month: string, scope: StationScope): Promise<MonthlyReport> {
  const from = `${month}-01`;
  const to = lastDayOfMonth(month);
  const area = scope.district === undefined ? {} : { district: scope.district };
  const reports = deps.store.reports;
  const [mix, stationMix, live, schedules, cases, attendance] = await Promise.all([
    reports.districtMix(area, from, to),
    reports.stationMix({ ...scope, from, to }),
    deps.store.sync.live(scope, to, month.slice(0, 4)),
    allSchedules(deps, area),
    deps.store.feedback.summary({ ...scope, ...instantRange(deps.zone, from, to) }),
    reports.attendance({ ...scope, from, to }),
  ]);
  const attendedAt = new Map<string, number>();
  for (const a of attendance) attendedAt.set(a.eventId, (attendedAt.get(a.eventId) ?? 0) + a.count);
  const stationsIn = new Map<string, number>();
  for (const s of live) stationsIn.set(s.district, (stationsIn.get(s.district) ?? 0) + 1);
  const districts = new Map<string, MonthlyReport['districts'][number]>();
  for (const [district, n] of stationsIn)
    districts.set(district, { district, stations: n, visits: 0, byCategory: zeroCategories() });
  for (const row of mix) {
    const d = districts.get(row.district) ?? {
      district: row.district,
      stations: 0,
      visits: 0,
      byCategory: zeroCategories(),
    };
    d.byCategory[row.category] += row.visits;
    d.visits += row.visits;
    districts.set(row.district, d);
  }
  const total = { stations: live.length, visits: 0, byCategory: zeroCategories() };
  for (const d of districts.values()) {
    total.visits += d.visits;
    for (const c of WORKER_CATEGORIES) total.byCategory[c] += d.byCategory[c];
  }
  const perStation = new Map<string, Record<WorkerCategory, number>>();
  for (const row of stationMix) {
    const m = perStation.get(row.stationId) ?? zeroCategories();
    m[row.category] += row.visits;
    perStation.set(row.stationId, m);
  }
  const names = new Map(live.map((s) => [s.stationId, s.name]));
  const start = Date.parse(instantRange(deps.zone, from, from).fromIso);
  const end = Date.parse(instantRange(deps.zone, to, to).toIso);
  const held = schedules.flatMap((s) =>
    occurrences([s], deps.zone, start, end - start)
      .filter((o) => Date.parse(o.startsAt) >= start)
      .map((o) => ({
        title: o.title.zh,
        startsAt: o.startsAt,
        where:
          s.target.kind === 'all'
            ? '全部驿站'
            : s.target.kind === 'district'
              ? s.target.district
              : (names.get(s.target.stationId) ?? ''),
        // Counted only for events that ask for sign-in.
        attended: s.content.signIn ? (attendedAt.get(o.id) ?? 0) : null,
      })),
  );
  return {
    month,
    from,
    to,
    district: scope.district ?? null,
    total,
    districts: [...districts.values()].sort((a, b) => (a.district < b.district ? -1 : 1)),
    stations: live.map((s) => {
      const m = perStation.get(s.stationId) ?? zeroCategories();
      return {
        stationId: s.stationId,
        name: s.name,
        district: s.district,
        visits: WORKER_CATEGORIES.reduce((n, c) => n + m[c], 0),
        byCategory: m,
      };
    }),
    events: held.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    cases: { reported: cases.total, resolved: cases.byStatus.resolved ?? 0 },
  };
}

async function allSchedules(deps: HubContext, area: { district?: string }): Promise<ScheduleRecord[]> {
  const out: ScheduleRecord[] = [];
  let before: string | undefined;
  do {
    const page = await deps.store.schedules.schedules(area, { limit: MAX_PAGE_SIZE, before });
    out.push(...page.items);
    before = page.next ?? undefined;
  } while (before);
  return out;
}

/** The report as the workbook a union files, in Chinese. */
export function monthlySheets(r: MonthlyReport, localTime: (iso: string) => string): Sheet[] {
  const categories = WORKER_CATEGORIES.map((c) => CATEGORY_LABELS[c].zh);
  const where = r.district ?? '全市';
  const title = (what: string) => `${where}工会驿站${r.month.replace('-', '年')}月${what}`;
  return [
    {
      name: '概况',
      title: title('服务情况'),
      headers: ['区域', '驿站数', '服务人次', ...categories],
      rows: [
        ...r.districts.map((d) => [d.district, d.stations, d.visits, ...WORKER_CATEGORIES.map((c) => d.byCategory[c])]),
        ['合计', r.total.stations, r.total.visits, ...WORKER_CATEGORIES.map((c) => r.total.byCategory[c])],
      ],
    },
    {
      name: '各驿站',
      title: title('各驿站服务人次'),
      headers: ['驿站', '区域', '服务人次', ...categories],
      rows: r.stations.map((s) => [s.name, s.district, s.visits, ...WORKER_CATEGORIES.map((c) => s.byCategory[c])]),
    },
    {
      name: '活动',
      title: title('开展活动'),
      headers: ['活动', '时间', '地点', '签到人次'],
      rows: r.events.map((e) => [e.title, localTime(e.startsAt), e.where, e.attended ?? '']),
    },
    {
      name: '问题反馈',
      title: title('问题反馈办理'),
      headers: ['收到问题', '已办结'],
      rows: [[r.cases.reported, r.cases.resolved]],
    },
  ];
}
