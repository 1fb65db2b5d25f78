/**
 * Fast fault scenarios: the agent's wall clock jumps an hour each way (libfaketime), and its data
 * folder's filesystem fills up (a 16 MB tmpfs). The door's answers follow its documented behaviour
 * and every invariant holds afterwards.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clockJumps, diskFills } from './support/fault-scenarios.ts';
import { StationRun } from './support/station-run.ts';

let run: StationRun | undefined;
let mount: string | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  if (mount) execFileSync('umount', ['-l', mount]);
  mount = undefined;
});

it('judges codes by its own clock through jumps of an hour and never admits a code twice', async () => {
  run = await StationRun.start({ broker: 'embedded', jumpableClock: true });
  const figures = await clockJumps(run);
  expect(figures.answers).toEqual([
    'admitted',
    // An hour back: both the code already used and a fresh one look issued in the future (the time
    // window is checked before single use); neither opens the door.
    'not-yet-valid',
    'not-yet-valid',
    // An hour ahead: a fresh code looks an hour old.
    'expired',
    'admitted',
  ]);
  expect(run.agent.running).toBe(true);
  expect(run.agent.starts).toBe(1);
  expect(run.breaks()).toEqual([]);
}, 120_000);

it('keeps the door shut while the disk is full, stays up, and admits again once there is room', async () => {
  mount = mkdtempSync(join(tmpdir(), 'yz-tiny-disk-'));
  // A real, small filesystem for the station's data (the tests run as root, as CI does).
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]);
  const dataDir = join(mount, 'station');
  mkdirSync(dataDir);
  const filler = join(mount, 'filler');
  run = await StationRun.start({ broker: 'embedded', dataDir });
  const figures = await diskFills(run, {
    fill() {
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      unlinkSync(filler);
    },
  });
  expect(figures.answers).toEqual(['admitted', 'station-unavailable', 'station-unavailable', 'admitted']);
  expect(run.agent.running).toBe(true);
  expect(run.agent.starts).toBe(1);
  expect(run.unlockedVisitIds()).toHaveLength(2);
  expect(run.breaks()).toEqual([]);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);
