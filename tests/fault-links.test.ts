/**
 * Fast fault scenario: the agent's link to the hub cut (through the test's TCP proxy), then delayed,
 * and the agent frozen with SIGSTOP and thawed, all while workers scan in.
 */
import { afterEach, expect, it } from 'vitest';
import { hubLinkCutSlowAndAgentFrozen } from './support/fault-scenarios.ts';
import { StationRun } from './support/station-run.ts';

let run: StationRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

it('keeps every promise through a cut and a slow hub link and a frozen agent', async () => {
  run = await StationRun.start({ broker: 'embedded', hubLinkProxy: true });
  const figures = await hubLinkCutSlowAndAgentFrozen(run, { scansPerSecond: 20, phaseMs: 2_000 });
  expect(figures.faults).toEqual({
    'hub link cut': 1,
    'hub link delayed 300 ms': 1,
    'agent frozen (SIGSTOP)': 1,
  });
  expect(run.agent.starts).toBe(1);
  expect(figures.admitted).toBeGreaterThan(figures.scans / 2);
  expect(run.hubVisitIds()).toHaveLength(figures.admitted);
  expect(run.breaks()).toEqual([]);
}, 120_000);
