/**
 * Two agents misconfigured with the same station id on one broker and hub: the second gives way at
 * once (exit code 3, a clear log line), records nothing, and the first keeps every promise.
 */
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { secondAgentSameStation } from './support/fault-scenarios.ts';
import type { RealProcess } from './support/processes.ts';
import { StationRun } from './support/station-run.ts';

let run: StationRun | undefined;
let twin: RealProcess | undefined;
afterEach(async () => {
  await twin?.stop();
  await run?.close();
  run = undefined;
});

it('refuses the second agent and mixes no data', async () => {
  run = await StationRun.start({ broker: 'embedded' });
  const second = await run.twinAgent();
  twin = second.process;
  const figures = await secondAgentSameStation(run, second.process, { scans: 40 });

  expect(second.process.exitCode).toBe(3);
  expect(second.process.log()).toContain(`another agent`);
  expect(run.agent.running).toBe(true);
  expect(figures.admitted).toBe(40);
  // The second agent's database never took a visit or sent an event.
  const db = new Database(second.stationDb, { readonly: true });
  expect(db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
  expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  db.close();
  expect(run.unlockedVisitIds()).toHaveLength(40);
  expect(run.breaks()).toEqual([]);
}, 120_000);
