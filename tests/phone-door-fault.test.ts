/**
 * The phone at the door under kill -9: a stream of phone admissions goes through the hub and the live channel
 * while the agent process is killed with SIGKILL again and again and, separately, the hub process is. Afterwards:
 * no unlock without a committed visit, no admission admitted twice, every visit once at the hub and counted
 * once, and every "门已打开" a phone was told stands for a visit the station holds.
 *
 * Longer variant with `pnpm test:faults`: YZ_PHONE_FAULT_KILLS and YZ_PHONE_FAULT_ADMISSIONS raise it.
 */
import { doorWindowOf, newDoorNonce, signDoorCode } from '@yizhan/shared/door-code';
import { afterEach, describe, expect, it } from 'vitest';
import { StationRun } from './support/station-run.ts';
import { waitFor } from './support/wait.ts';

// Test knobs, not product config: a soak run raises them from the shell.
const KILLS = Number(process.env.YZ_PHONE_FAULT_KILLS ?? 2);
const ADMISSIONS = Number(process.env.YZ_PHONE_FAULT_ADMISSIONS ?? 160);
/** Phones asking at once, as at a busy door. */
const IN_FLIGHT = 4;

type Answer = { ok: boolean; reason?: string } | { error: string };

let run: StationRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Registered phones, each with its cookie, as the phone page makes them. */
async function phones(hubUrl: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${hubUrl}/api/v1/phone/member`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: i % 2 ? 'courier' : 'rider', consent: true }),
    });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    cookies.push(res.headers.get('set-cookie')!.split(';')[0]!);
  }
  return cookies;
}

/** One phone's admission with a code of the station's door QR (signed with its key, as the kiosk shows it). */
async function admit(run: StationRun, cookie: string): Promise<Answer> {
  const key = run.readStation((db) => db.prepare('SELECT private_key_pem FROM door_key').pluck().get() as string)!;
  const code = signDoorCode(key, { station: run.stationId, window: doorWindowOf(Date.now()), nonce: newDoorNonce() });
  try {
    const res = await fetch(`${run.hubUrl}/api/v1/phone/admissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(10_000),
    });
    return (await res.json()) as Answer;
  } catch (error) {
    // The hub died under the request: the phone sees a network error.
    return { error: (error as Error).message };
  }
}

async function untilChannelUp(run: StationRun): Promise<void> {
  await waitFor(() => run.channelUp(), { timeoutMs: 30_000, intervalMs: 100, what: 'the live channel' });
}

/** Sends every phone's admission, IN_FLIGHT at a time, calling `fault` once per stretch of `perKill`. */
async function stream(run: StationRun, cookies: string[], fault: () => Promise<void>): Promise<Answer[]> {
  const answers: Answer[] = [];
  const perKill = Math.ceil(cookies.length / (KILLS + 1));
  let next = 0;
  for (let round = 0; round <= KILLS; round++) {
    const end = Math.min(cookies.length, next + perKill);
    // Somewhere inside the stretch, 20 % to 80 % of the way.
    const killAt =
      round === KILLS ? Number.POSITIVE_INFINITY : next + Math.floor((0.2 + Math.random() * 0.6) * (end - next));
    const inFlight = new Set<Promise<void>>();
    for (; next < end; next++) {
      if (next === killAt) await fault();
      const p: Promise<void> = admit(run, cookies[next]!).then((a) => {
        answers.push(a);
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }
  return answers;
}

function expectNothingBroken(run: StationRun, answers: Answer[]): void {
  const opened = answers.filter((a) => 'ok' in a && a.ok).length;
  const visits = run.readStation(
    (db) => db.prepare("SELECT code_id FROM visits WHERE method = 'code'").pluck().all() as string[],
  )!;
  // Enough happened to mean something, and the faults cost some admissions (allowed), never a visit.
  expect(opened).toBeGreaterThan(ADMISSIONS / 4);
  // Each phone was told the door opened only for a visit the station holds; an admission admits once.
  expect(visits.length).toBeGreaterThanOrEqual(opened);
  expect(new Set(visits).size).toBe(visits.length);
  expect(run.unlockedVisitIds().length).toBeGreaterThanOrEqual(opened);
  // Never an unlock without a committed visit, never two for one, each visit once at the hub, counted once.
  expect(run.breaks()).toEqual([]);
}

describe('phone admissions under kill -9', () => {
  it(`keep one visit per unlock through ${KILLS} agent kills during ${ADMISSIONS} admissions`, async () => {
    run = await StationRun.start({ broker: 'embedded' });
    await run.startAgent();
    await untilChannelUp(run);
    const cookies = await phones(run.hubUrl, ADMISSIONS);
    const current = run;
    const answers = await stream(run, cookies, async () => {
      expect(current.agent.running).toBe(true);
      await current.agent.kill('SIGKILL');
      current.count('agent killed');
      await current.startAgent();
      await untilChannelUp(current);
    });
    expect(run.faults['agent killed']).toBe(KILLS);
    // Admissions while the agent was away were told why, with the member code for the scanner.
    expect(
      answers
        .filter((a) => 'reason' in a)
        .map((a) => (a as { reason: string }).reason)
        .every((r) => ['station-offline', 'no-answer'].includes(r)),
    ).toBe(true);
    await run.settle();
    await run.agent.stop();
    expectNothingBroken(run, answers);
  }, 240_000);

  it(`keep one visit per unlock through ${KILLS} hub kills during ${ADMISSIONS} admissions`, async () => {
    run = await StationRun.start({ broker: 'embedded', hubProcess: true });
    await run.startAgent();
    await untilChannelUp(run);
    const cookies = await phones(run.hubUrl, ADMISSIONS);
    const current = run;
    const answers = await stream(run, cookies, async () => {
      await current.killHub();
      await current.startHub();
      await untilChannelUp(current);
    });
    expect(run.faults['hub killed']).toBe(KILLS);
    await run.settle();
    await run.agent.stop();
    expectNothingBroken(run, answers);
  }, 240_000);
});
