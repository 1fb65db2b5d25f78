/**
 * Long fault scenario (`pnpm test:faults`): a compressed week of a busy station, with the hub down
 * for the whole middle day.
 */
import { afterEach, expect, it } from 'vitest';
import { busyWeekWithHubDownADay } from '../support/fault-scenarios.ts';
import { StationRun } from '../support/station-run.ts';
import { recordFigures } from './figures.ts';

let run: StationRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

it('loses and doubles nothing over a busy week with the hub down for a day', async () => {
  run = await StationRun.start({ broker: 'mosquitto' });
  const figures = await busyWeekWithHubDownADay(run, { days: 7, dayMs: 15_000, scansPerDay: 120, walkInsPerDay: 30 });
  recordFigures('busy week, hub down a day', figures, run);
  expect(figures.faults).toEqual({ 'hub down for a day': 1 });
  // Every arrival is a visit: scans with fresh codes and walk-ins alike.
  expect(figures.admitted).toBe(7 * 150);
  expect(run.breaks()).toEqual([]);
});
