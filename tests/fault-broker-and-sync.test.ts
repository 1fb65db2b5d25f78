/**
 * Fast fault scenarios (the long ones are in tests/faults/): the broker killed with SIGKILL while
 * workers scan in, and the agent killed while it sends a backlog to a hub that was away. After each,
 * every invariant holds: no unlock without a visit, no visit lost or doubled at the hub, the hub's
 * count equals its visits, and both databases pass integrity_check.
 */
import { afterEach, expect, it } from 'vitest';
import { agentKilledDuringSync, brokerKilledRepeatedly } from './support/fault-scenarios.ts';
import { StationRun } from './support/station-run.ts';

let run: StationRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

it('keeps every promise while the broker is killed three times during scans', async () => {
  run = await StationRun.start({ broker: 'mosquitto' });
  const figures = await brokerKilledRepeatedly(run, { kills: 3, scansPerSecond: 30, upMs: 1_500, downMs: 500 });
  expect(figures.faults).toEqual({ 'broker killed': 3 });
  expect(figures.admitted).toBeGreaterThan(figures.scans / 3);
  expect(run.unlockedVisitIds().length).toBeGreaterThan(0);
  expect(run.breaks()).toEqual([]);
}, 120_000);

it('keeps every promise when the agent is killed while sending a backlog', async () => {
  run = await StationRun.start({ broker: 'embedded' });
  const figures = await agentKilledDuringSync(run, { backlog: 1_500, kills: 3 });
  expect(figures.faults).toEqual({ 'hub stopped': 1, 'agent killed during sync': 3 });
  expect(figures.admitted).toBe(1_500);
  expect(run.hubVisitIds()).toHaveLength(1_500);
  expect(run.breaks()).toEqual([]);
}, 120_000);
