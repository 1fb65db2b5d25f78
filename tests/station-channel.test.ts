/**
 * The live channel between a real hub and a real agent (embedded broker, SQLite files): the hub knows who is
 * connected, a revocation reaches the station within 2 s, a station token joins only its own channel, bad frames
 * close nothing but themselves, and admissions relayed over it open the door only when the hub signed them for
 * this station, within their lifetime, once.
 */
import { issueAdmission } from '@yizhan/shared/admission';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

/** A raw client on the channel, as a station (or a stranger) would open it. */
async function openChannel(stack: Stack, stationId: string, token?: string) {
  const url = `${stack.hubUrl.replace('http', 'ws')}/api/v1/stations/${stationId}/live`;
  const socket = new WebSocket(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const frames: unknown[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  const status = await new Promise<number>((resolve) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
  return { socket, frames, status };
}

describe('live channel', () => {
  let stack: Stack;
  let probe: MqttProbe;
  let lockTopic: string;

  beforeAll(async () => {
    stack = await startStack();
    lockTopic = `cmnd/${stack.topics.lock}/POWER`;
    probe = await MqttProbe.connect(stack.brokerUrl, [lockTopic]);
    await waitFor(() => stack.agent.channel?.connected, { what: 'the agent on its live channel' });
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.close();
  });

  it('is known at the hub while the agent holds it, with the door key it said', async () => {
    expect(await stack.hub.channels.isConnected(stack.stationId)).toBe(true);
    expect(await stack.hub.channels.isConnected('nowhere')).toBe(false);
    expect(stack.hubRows('SELECT station_id, holder FROM station_channels')).toEqual([
      { station_id: stack.stationId, holder: stack.hub.channels.holder },
    ]);
    const { public_key } = stack.agent.db.prepare('SELECT public_key FROM door_key').get() as { public_key: string };
    await waitFor(() => stack.hubRows('SELECT public_key FROM station_door_keys')[0], { what: 'the door key' });
    expect(stack.hubRows('SELECT station_id, public_key FROM station_door_keys')).toEqual([
      { station_id: stack.stationId, public_key },
    ]);
    const health = await (await fetch(`${stack.kioskUrl}/healthz`)).json();
    expect(health).toMatchObject({ hubChannel: true });
  });

  it('brings a revocation to the station within 2 s', async () => {
    const before = stack.agent.bundle.current()!.version;
    const startedAt = performance.now();
    const pseudonym = await stack.hub.admin.revokeMember('revoked-rider-7');
    await waitFor(() => stack.agent.bundle.current()?.revokedMembers.includes(pseudonym), {
      timeoutMs: 2_000,
      intervalMs: 10,
      what: 'the revocation at the station',
    });
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(stack.agent.bundle.current()!.version).not.toBe(before);
  });

  it('lets a station token join only its own station’s channel', async () => {
    const other = await stack.hub.admin.ensureStation({
      id: 'other-station',
      name: '别的驿站',
      district: '鼓楼区',
      capacity: 5,
    });
    const foreign = await openChannel(stack, stack.stationId, other.token);
    expect(foreign.status).toBe(403);
    const none = await openChannel(stack, stack.stationId);
    expect(none.status).toBe(401);
    const forged = await openChannel(stack, stack.stationId, 'yzst_not-a-token-at-all');
    expect(forged.status).toBe(401);
    // The station's own channel is not disturbed by any of it.
    expect(stack.agent.channel?.connected).toBe(true);
    // Its own token opens its own channel, and the hub welcomes it by name.
    const own = await openChannel(stack, 'other-station', other.token);
    expect(own.status).toBe(101);
    await waitFor(() => own.frames.length > 0, { what: 'the welcome' });
    expect(own.frames[0]).toMatchObject({ type: 'welcome', stationId: 'other-station' });
    own.socket.close();
  });

  it('answers a malformed frame with an error and keeps the connection', async () => {
    const other = await stack.hub.admin.ensureStation({
      id: 'noisy-station',
      name: '吵闹驿站',
      district: '鼓楼区',
      capacity: 5,
    });
    const channel = await openChannel(stack, 'noisy-station', other.token);
    expect(channel.status).toBe(101);
    const bad = [
      'not json',
      '{"type":"nope"}',
      '{"type":"hello","doorKey":"too-short"}',
      JSON.stringify({ type: 'admission.result', id: 'x', result: { ok: true } }),
      JSON.stringify({ type: 'kiosk.health', kiosk: { status: 'on-fire', since: 'now' } }),
      '[]',
      'null',
    ];
    const refusedBefore = stack.hub.channels.refusedFrames;
    for (const frame of bad) channel.socket.send(frame);
    channel.socket.send(JSON.stringify({ type: 'ping' }));
    await waitFor(() => channel.frames.some((f) => (f as { type: string }).type === 'pong'), { what: 'a pong' });
    const errors = channel.frames.filter((f) => (f as { type: string }).type === 'error') as { reason: string }[];
    expect(errors).toHaveLength(bad.length);
    expect(errors[0]!.reason).toBe('not JSON');
    expect(errors[1]!.reason).toContain('type');
    expect(stack.hub.channels.refusedFrames - refusedBefore).toBe(bad.length);
    expect(channel.socket.readyState).toBe(WebSocket.OPEN);
    expect(await stack.hub.channels.isConnected('noisy-station')).toBe(true);
    channel.socket.close();
    await waitFor(async () => !(await stack.hub.channels.isConnected('noisy-station')), {
      what: 'the hub to see the station go',
    });
  });

  it('opens the door for an admission the hub signed for this station, once', async () => {
    const [signing] = stack.hubRows<{ kid: string; privateKeyPem: string }>(
      'SELECT kid, private_key_pem AS privateKeyPem FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC',
    );
    if (!signing) throw new Error('the hub has no member key');
    const now = Math.floor(Date.now() / 1000);
    const ask = async (admission: string) => {
      const outcome = await stack.hub.channels.request(stack.stationId, { type: 'admission', admission }, 3_000);
      if (!outcome.ok || outcome.answer.type !== 'admission.result') throw new Error(JSON.stringify(outcome));
      return outcome.answer.result;
    };
    const unlocksBefore = probe.on(lockTopic).length;
    const good = issueAdmission(signing, { station: stack.stationId, sub: 'm_phone_1', cat: 'courier' }, now);
    expect(await ask(good.token)).toMatchObject({ ok: true, category: 'courier' });
    await waitFor(() => probe.on(lockTopic).length === unlocksBefore + 1, { what: 'the unlock' });

    const refusedBefore = rejected(stack);
    // Replayed, for another station, expired, and with a broken signature: none opens anything.
    expect(await ask(good.token)).toEqual({ ok: false, reason: 'replayed' });
    const elsewhere = issueAdmission(signing, { station: 'other-station', sub: 'm_phone_2', cat: 'rider' }, now);
    expect(await ask(elsewhere.token)).toEqual({ ok: false, reason: 'wrong-station' });
    const old = issueAdmission(signing, { station: stack.stationId, sub: 'm_phone_3', cat: 'rider' }, now - 120);
    expect(await ask(old.token)).toEqual({ ok: false, reason: 'expired' });
    const fresh = issueAdmission(signing, { station: stack.stationId, sub: 'm_phone_4', cat: 'rider' }, now);
    const [head, payload, sig] = fresh.token.split('.');
    const flipped = `${head}.${payload}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
    expect(await ask(flipped)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await ask('YZ1.not-an-admission.x')).toEqual({ ok: false, reason: 'malformed' });
    // Logged: each is a refused scan with its reason, and none reached the lock.
    expect(rejected(stack).slice(refusedBefore.length)).toEqual([
      'replayed',
      'wrong-station',
      'expired',
      'bad-signature',
      'malformed',
    ]);
    expect(probe.on(lockTopic)).toHaveLength(unlocksBefore + 1);
  });

  it('goes down at the station when the hub ends it, and the hub forgets it', async () => {
    expect(stack.hub.channels.localCount).toBe(1);
    const seen: boolean[] = [];
    const off = stack.agent.bus.on('hubChannel', (up) => seen.push(up));
    await stack.hub.channels.stop();
    await waitFor(() => seen.includes(false), { what: 'the agent to see its channel down' });
    off();
    const health = await (await fetch(`${stack.kioskUrl}/healthz`)).json();
    expect(health).toMatchObject({ hubChannel: false });
    expect(stack.hubRows('SELECT station_id FROM station_channels')).toEqual([]);
  });
});

function rejected(stack: Stack): string[] {
  return (stack.agent.db.prepare('SELECT reason FROM rejected_scans ORDER BY id').all() as { reason: string }[]).map(
    (r) => r.reason,
  );
}
