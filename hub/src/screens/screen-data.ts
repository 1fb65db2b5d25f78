/** What the big screen shows, read from the kept live rows and area counts: cheap at ten thousand stations. */
import { addDays, instantRange, type Label, localHourOf, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import type { HubContext } from '../hub-context.ts';
import { MAX_PAGE_SIZE } from '../page-query.ts';
import { occurrences } from '../schedules/occurrences.ts';
import type { ScheduleRecord, Target } from '../schedules/schema.ts';
import type { StationScope } from '../scope.ts';
import type { ScreenFigures } from './schema.ts';

const DAY_MS = 86_400_000;

const zeroMix = () => Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])) as Record<WorkerCategory, number>;

export function screenReader(deps: HubContext) {
  const localHour = localHourOf(deps.timezone);
  const area = (scope: StationScope) => (scope.district === undefined ? {} : { district: scope.district });

  const mixOf = (rows: { category: WorkerCategory; visits: number }[]) => {
    const mix = zeroMix();
    for (const r of rows) mix[r.category] = r.visits;
    return mix;
  };
  const hoursOf = (rows: { hour: string; visits: number }[]) => {
    const hours = Array.from({ length: 24 }, () => 0);
    for (const r of rows) hours[Number(r.hour.slice(11, 13))] = r.visits;
    return hours;
  };

  return {
    async figures(scope: StationScope): Promise<ScreenFigures> {
      const today = localHour(deps.clock()).slice(0, 10);
      const weekAgo = addDays(today, -7);
      const a = area(scope);
      const reports = deps.store.reports;
      const [mixToday, mixYear, hoursToday, hoursWeekAgo] = await Promise.all([
        reports.categoryMix(a, today, today),
        reports.categoryMix(a, `${today.slice(0, 4)}-01-01`, today),
        reports.hourlyTotals(a, `${today}T00`, `${today}T23`),
        reports.hourlyTotals(a, `${weekAgo}T00`, `${weekAgo}T23`),
      ]);
      return {
        mix: { today: mixOf(mixToday), year: mixOf(mixYear) },
        hours: { today: hoursOf(hoursToday), lastWeek: hoursOf(hoursWeekAgo) },
      };
    },

    /** Today's events (those already over too) at the stations in scope, with where each is held. */
    async events(scope: StationScope) {
      const schedules: ScheduleRecord[] = [];
      let before: string | undefined;
      do {
        const page = await deps.store.schedules.schedules(area(scope), { limit: MAX_PAGE_SIZE, before });
        schedules.push(...page.items);
        before = page.next ?? undefined;
      } while (before);
      const today = localHour(deps.clock()).slice(0, 10);
      const start = Date.parse(instantRange(deps.zone, today, today).fromIso);
      const names = new Map<string, string>();
      for (const s of schedules) {
        if (s.target.kind === 'station' && !names.has(s.target.stationId)) {
          names.set(s.target.stationId, (await deps.store.stations.get(s.target.stationId))?.name ?? '');
        }
      }
      const where = (t: Target): Label => {
        if (t.kind === 'all') return { zh: '全部驿站', en: 'All stations' };
        if (t.kind === 'district') return { zh: t.district, en: t.district };
        const name = names.get(t.stationId) ?? '';
        return { zh: name, en: name };
      };
      return schedules
        .flatMap((s) => occurrences([s], deps.zone, start, DAY_MS).map((o) => ({ ...o, where: where(s.target) })))
        .sort((x, y) => x.startsAt.localeCompare(y.startsAt));
    },
  };
}
