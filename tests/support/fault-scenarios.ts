/**
 * Fault scenarios over a StationRun. Each drives real traffic while injecting its faults, lets the
 * station settle, and returns what it went through; the caller asserts `run.breaks()` is empty.
 * `pnpm test` runs them small; `pnpm test:faults` runs them long (tests/faults/).
 */
import type { WorkerCategory } from '@yizhan/shared';
import { StationPlayer, tasmota } from '@yizhan/simulator';
import type { RealProcess } from './processes.ts';
import type { StationRun } from './station-run.ts';
import { waitFor } from './wait.ts';

const CATEGORIES: WorkerCategory[] = ['rider', 'courier', 'driver', 'sanitation'];

/** Pacing of the scenario itself (when to inject the next fault), not a wait for an outcome. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));

export interface ScenarioFigures {
  scans: number;
  admitted: number;
  faults: Record<string, number>;
}

let worker = 0;
/** A fresh code for a different member each time, as the union's member app would show it. */
export async function freshCode(run: StationRun): Promise<string> {
  worker++;
  return await run.hub!.admin.issueMemberCode({
    member: `worker-${worker}`,
    category: CATEGORIES[worker % CATEGORIES.length]!,
  });
}

function figures(run: StationRun, scans: number): ScenarioFigures {
  return { scans, admitted: run.stationVisits().length, faults: { ...run.faults } };
}

/** Scans arrive steadily while the broker is killed with SIGKILL and restarted every few seconds. */
export async function brokerKilledRepeatedly(
  run: StationRun,
  {
    kills,
    scansPerSecond = 40,
    upMs = 2_000,
    downMs = 600,
  }: { kills: number; scansPerSecond?: number; upMs?: number; downMs?: number },
): Promise<ScenarioFigures> {
  await run.startAgent();
  const scans = await whileScanning(run, scansPerSecond, async () => {
    for (let k = 0; k < kills; k++) {
      await pause(jitter(upMs));
      await run.killBroker();
      await pause(jitter(downMs));
      run.startBroker();
    }
    await pause(upMs);
  });
  await run.settle();
  return figures(run, scans);
}

/**
 * The hub is away while workers keep coming, then the agent is killed again and again while it
 * sends the backlog: nothing may be lost or counted twice.
 */
export async function agentKilledDuringSync(
  run: StationRun,
  { backlog, kills }: { backlog: number; kills: number },
): Promise<ScenarioFigures> {
  await run.startAgent();
  // Signed while the hub is up, scanned while it is down, as a phone shows the code it last got.
  const codes = await Promise.all(Array.from({ length: backlog }, () => freshCode(run)));
  await run.stopHub();
  run.count('hub stopped');
  for (const code of codes) run.scan(code);
  // A liveness deadline, not a speed target: 10,000 scans take a minute or more on a busy two-core machine.
  await waitFor(() => run.stationVisits().length >= backlog, {
    timeoutMs: 180_000,
    what: `${backlog} visits at the station`,
  });
  await run.startHub();
  for (let k = 0; k < kills; k++) {
    // Soon after it starts: with batches of 500 the backlog is still on its way.
    await pause(jitter(150));
    await run.agent.kill('SIGKILL');
    run.count('agent killed during sync');
    await run.startAgent();
  }
  await run.settle();
  return figures(run, backlog);
}

/** Scans one code and returns the door's answer to it. */
async function scanAndWait(run: StationRun, code: string): Promise<{ ok: boolean; reason?: string }> {
  const before = run.probe.on(run.topics.doorResult).length;
  run.scan(code);
  return JSON.parse((await run.probe.next(run.topics.doorResult, before, 10_000)).payload);
}

/**
 * The station's wall clock jumps back an hour and forward an hour while it runs (a bad NTP step, a
 * dead RTC battery). The door judges codes by its own clock, never admits a code twice, and recovers
 * when the clock is right again.
 */
export async function clockJumps(run: StationRun): Promise<ScenarioFigures & { answers: string[] }> {
  await run.startAgent();
  const answer = async (code: string) => {
    const r = await scanAndWait(run, code);
    return r.ok ? 'admitted' : (r.reason ?? 'refused');
  };
  const first = await freshCode(run);
  const answers = [await answer(first)];
  run.agent.jumpClock('-1h');
  run.count('clock jumped back an hour');
  answers.push(await answer(first), await answer(await freshCode(run)));
  run.agent.jumpClock('+1h');
  run.count('clock jumped forward an hour');
  answers.push(await answer(await freshCode(run)));
  run.agent.jumpClock('+0');
  answers.push(await answer(await freshCode(run)));
  await run.settle();
  return { ...figures(run, answers.length), answers };
}

/**
 * The station's disk fills up (`fill` takes the last free byte, `free` gives it back). While full,
 * the door stays shut and says so, and the agent keeps running; once there is room, it admits again.
 */
export async function diskFills(
  run: StationRun,
  disk: { fill(): void; free(): void },
): Promise<ScenarioFigures & { answers: string[] }> {
  await run.startAgent();
  const answer = async () => {
    const r = await scanAndWait(run, await freshCode(run));
    return r.ok ? 'admitted' : (r.reason ?? 'refused');
  };
  const answers = [await answer()];
  disk.fill();
  run.count('disk full');
  // The devices keep talking while the disk is full: their readings cannot be written either.
  await deviceTraffic(run, 1_500);
  answers.push(await answer(), await answer());
  disk.free();
  answers.push(await answer());
  await run.settle();
  return { ...figures(run, answers.length), answers };
}

/**
 * A compressed week of a busy station: the simulator plays each day's devices and arrivals at high
 * speed (a day in `dayMs`), walk-ins come through the kiosk, and the hub is down for the whole
 * middle day. Afterwards the hub holds exactly the station's visits.
 */
export async function busyWeekWithHubDownADay(
  run: StationRun,
  { days = 7, dayMs = 15_000, scansPerDay = 120, walkInsPerDay = 30 } = {},
): Promise<ScenarioFigures> {
  await run.startAgent();
  const player = new StationPlayer(run.probe.client, {
    stationId: run.stationId,
    devices: run.devices,
    speed: 86_400_000 / dayMs,
    periodSeconds: 0.5,
  });
  player.start();
  let scans = 0;
  try {
    for (let day = 0; day < days; day++) {
      const hubDown = day === Math.floor(days / 2);
      // A phone shows the last code it got; while the hub is down, workers scan codes signed before.
      const codes = await Promise.all(Array.from({ length: scansPerDay }, () => freshCode(run)));
      if (hubDown) {
        await run.stopHub();
        run.count('hub down for a day');
      }
      const arrivals = scansPerDay + walkInsPerDay;
      for (let i = 0; i < arrivals; i++) {
        if (i < scansPerDay) run.scan(codes[i]!);
        else await walkIn(run);
        scans++;
        await pause(dayMs / arrivals);
      }
      if (hubDown) await run.startHub();
    }
  } finally {
    player.stop();
  }
  await run.settle(60_000);
  return figures(run, scans);
}

/** A plug reporting every 20 ms for `ms`, in Tasmota's own words. */
async function deviceTraffic(run: StationRun, ms: number): Promise<void> {
  const plug = run.devices[0]!.source.topic;
  const until = Date.now() + ms;
  for (let i = 0; Date.now() < until; i++) {
    const p = tasmota.sensor(plug, new Date(), { powerW: i % 2 ? 900 : 1, energyKWh: 10 + i / 1000 });
    run.probe.client.publish(p.topic, p.payload, { qos: 0 });
    await pause(20);
  }
}

async function walkIn(run: StationRun): Promise<void> {
  const res = await fetch(`${run.agentUrl}/api/visits/walk-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category: CATEGORIES[Math.floor(Math.random() * CATEGORIES.length)] }),
  });
  if (res.status !== 201) throw new Error(`walk-in answered ${res.status}: ${await res.text()}`);
}

/**
 * A second agent is started with the same station id (a copied config, its own database) on the
 * same broker and hub while the first runs. It must give way at once; scans stay one visit each.
 */
export async function secondAgentSameStation(
  run: StationRun,
  second: RealProcess,
  { scans = 50 } = {},
): Promise<ScenarioFigures> {
  await run.startAgent();
  second.start();
  run.count('second agent with the same station id');
  await waitFor(() => !second.running, { timeoutMs: 30_000, what: 'the second agent to give way' });
  for (let i = 0; i < scans; i++) run.scan(await freshCode(run));
  await run.settle();
  return figures(run, scans);
}

/**
 * The station's link to the hub is cut, then slowed to a crawl, while the agent is also frozen with
 * SIGSTOP for a few seconds and thawed; scans go on throughout. Nothing is lost or doubled.
 */
export async function hubLinkCutSlowAndAgentFrozen(
  run: StationRun,
  { scansPerSecond = 20, phaseMs = 2_000 } = {},
): Promise<ScenarioFigures> {
  const link = run.hubLink;
  if (!link) throw new Error('start the run with hubLinkProxy');
  await run.startAgent();
  const scans = await whileScanning(run, scansPerSecond, async () => {
    link.cut();
    run.count('hub link cut');
    await pause(phaseMs);
    link.restore();
    link.delay(300);
    run.count('hub link delayed 300 ms');
    await pause(phaseMs);
    run.agent.pause();
    run.count('agent frozen (SIGSTOP)');
    await pause(phaseMs);
    run.agent.resume();
    await pause(phaseMs);
    link.delay(0);
  });
  await run.settle();
  return figures(run, scans);
}

/** Workers scan fresh codes at a steady pace while `faults` runs; returns how many scans were made. */
async function whileScanning(run: StationRun, perSecond: number, faults: () => Promise<void>): Promise<number> {
  let scans = 0;
  const scanner = setInterval(() => {
    void freshCode(run).then((code) => run.scan(code));
    scans++;
  }, 1000 / perSecond);
  try {
    await faults();
  } finally {
    clearInterval(scanner);
  }
  return scans;
}
