/**
 * Long fault scenarios (`pnpm test:faults`): the broker killed every few seconds for about two
 * minutes of steady scans, and the agent killed ten times while it sends a backlog of 10,000 visits.
 */
import { afterEach, expect, it } from 'vitest';
import { agentKilledDuringSync, brokerKilledRepeatedly } from '../support/fault-scenarios.ts';
import { StationRun } from '../support/station-run.ts';
import { recordFigures } from './figures.ts';

let run: StationRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

it('keeps every promise while the broker is killed 30 times during scans', async () => {
  run = await StationRun.start({ broker: 'mosquitto' });
  const figures = await brokerKilledRepeatedly(run, { kills: 30, scansPerSecond: 40, upMs: 3_000, downMs: 800 });
  recordFigures('broker killed repeatedly', figures, run);
  expect(figures.faults).toEqual({ 'broker killed': 30 });
  expect(figures.admitted).toBeGreaterThan(figures.scans / 2);
  expect(run.breaks()).toEqual([]);
});

it('keeps every promise when the agent is killed 10 times while sending a backlog of 10,000', async () => {
  run = await StationRun.start({ broker: 'embedded' });
  const figures = await agentKilledDuringSync(run, { backlog: 10_000, kills: 10 });
  recordFigures('agent killed during sync', figures, run);
  expect(figures.admitted).toBe(10_000);
  expect(run.hubVisitIds()).toHaveLength(10_000);
  expect(run.breaks()).toEqual([]);
});
