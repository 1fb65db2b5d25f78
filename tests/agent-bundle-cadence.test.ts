/**
 * How often a station asks the hub for its bundle: once at start, then on its own interval, not on every sync
 * round (a round runs every few seconds and after every visit); and at once when a worker shows a code signed
 * by a key the station does not know yet, so that a key rotation at the hub keeps nobody out longer than a
 * rescan. The hub's own request log is the witness.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

describe('bundle checks of a station', () => {
  let stack: Stack;
  const hubLog: string[] = [];
  /** Requests the hub answered, as `METHOD path`, from its log. */
  const requests = (): string[] =>
    hubLog
      .map((line) => JSON.parse(line) as { msg?: string; req?: { method: string; url: string } })
      .filter((entry) => entry.msg === 'incoming request' && entry.req)
      .map((entry) => `${entry.req!.method} ${entry.req!.url}`);
  const bundleChecks = () => requests().filter((r) => r === `GET /api/v1/stations/${stack.stationId}/bundle`).length;
  const syncs = () => requests().filter((r) => r === 'POST /api/v1/sync').length;
  const scan = async (code: string) =>
    (await stack.agent.http.inject({ method: 'POST', url: '/api/door/scan', payload: { code } })).json();

  // A fresh station for each case, so no case depends on when another last checked.
  beforeEach(async () => {
    hubLog.length = 0;
    // Syncs every 0.2 s; the bundle interval is left at its default (60 s): every check below has another cause.
    stack = await startStack({
      hubLogger: { level: 'info', stream: { write: (line: string) => void hubLog.push(line) } },
    });
    // These cases are the station's own asks, as a station without a live channel makes them: the channel
    // would bring each change at once (tests/station-channel.test.ts) and race the asks measured here.
    stack.agent.channel?.stop();
  });

  afterEach(async () => {
    await stack?.close();
  });

  it('checks once at start, not on each of the sync rounds that follow', async () => {
    const before = syncs();
    // Each walk-in starts a sync round of its own (before, each round began with a bundle check).
    for (const category of ['rider', 'courier', 'driver']) {
      const walkIn = await stack.agent.http.inject({
        method: 'POST',
        url: '/api/visits/walk-in',
        payload: { category },
      });
      expect(walkIn.statusCode).toBe(201);
      await waitFor(() => stack.agent.outbox.pendingCount() === 0, { what: `the ${category} walk-in to sync` });
    }
    expect(syncs()).toBeGreaterThanOrEqual(before + 3);
    expect(bundleChecks()).toBe(1);
  });

  it('checks at once on a code of a key it does not know, then lets the worker in on the next scan', async () => {
    const { kid } = await stack.hub.admin.rotateMemberKey();
    const code = await stack.hub.admin.issueMemberCode({ member: 'rider-after-rotation', category: 'rider' });
    expect(await scan(code)).toEqual({ ok: false, reason: 'unknown-key' });
    await waitFor(() => stack.agent.bundle.current()!.memberKeys.some((k) => k.kid === kid), {
      what: 'the bundle with the new key, long before the 60 s interval',
    });
    expect(bundleChecks()).toBe(2);
    expect(await scan(code)).toMatchObject({ ok: true, category: 'rider' });
  });

  it('does not let a run of unknown codes turn into a run of bundle checks', async () => {
    const code = (n: number) => stack.hub.admin.issueMemberCode({ member: `rider-${n}`, category: 'rider' });
    const { kid } = await stack.hub.admin.rotateMemberKey();
    // The first unknown code asks for a check …
    expect(await scan(await code(0))).toEqual({ ok: false, reason: 'unknown-key' });
    await waitFor(() => stack.agent.bundle.current()!.memberKeys.some((k) => k.kid === kid), {
      what: 'the bundle with the new key',
    });
    expect(bundleChecks()).toBe(2);
    // … and after another rotation, the unknown codes that follow within 10 s ask for none.
    await stack.hub.admin.rotateMemberKey();
    for (const n of [1, 2, 3]) expect(await scan(await code(n))).toEqual({ ok: false, reason: 'unknown-key' });
    await waitFor(() => stack.agent.outbox.pendingCount() === 0, { what: 'the refusals to sync' });
    expect(bundleChecks()).toBe(2);
  });
});
