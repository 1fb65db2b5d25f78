/**
 * The station's end of the live channel against a WebSocket server standing in for the hub: it says hello with
 * its door key, answers pings, refuses a bad frame without closing, passes requests to the agent and answers
 * them, says when it is up or down, and comes back after the hub drops it.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { EventBus } from '../../src/event-bus.ts';
import { silentLog } from '../../src/log.ts';
import { HubChannel } from '../../src/sync/hub-channel.ts';

const DOOR_KEY = 'A'.repeat(43);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeHub() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const sockets: { socket: WebSocket; frames: Record<string, unknown>[]; auth: string | undefined; url: string }[] = [];
  server.on('connection', (socket, request) => {
    const entry = {
      socket,
      frames: [] as Record<string, unknown>[],
      auth: request.headers.authorization,
      url: request.url ?? '',
    };
    socket.on('message', (d) => entry.frames.push(JSON.parse(d.toString())));
    sockets.push(entry);
  });
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, server };
}

async function until<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function channelTo(url: string) {
  const bus = new EventBus();
  const seen: boolean[] = [];
  bus.on('hubChannel', (up) => seen.push(up));
  const asked: string[] = [];
  let bundleChecks = 0;
  const channel = new HubChannel({
    hub: { url, token: 'yzst_station-token', syncIntervalSeconds: 5, bundleIntervalSeconds: 60, batchSize: 500 },
    stationId: 'quanshan-sanbao',
    doorKey: DOOR_KEY,
    bus,
    log: silentLog,
    // No spread: the first retry comes after exactly a second.
    random: () => 0.5,
    handlers: {
      admit: async (admission) => {
        asked.push(admission);
        return { ok: true, visitId: 'v-1', category: 'rider' };
      },
      bundleChanged: () => {
        bundleChecks++;
      },
      power: async (device, on) =>
        device === 'microwave' ? { ok: true, on } : { ok: false, reason: 'unknown-device' },
      captureScreen: async () => ({ ok: false, reason: 'no-kiosk' }),
      kioskHealth: () => ({ status: 'ok', since: '2026-11-28T02:00:00.000Z' }),
    },
  });
  cleanups.push(() => channel.stop());
  return { channel, bus, seen, asked, bundleChecks: () => bundleChecks };
}

it('says hello with its token and door key, and is up once welcomed', async () => {
  const hub = await fakeHub();
  const { channel, seen, bundleChecks } = channelTo(hub.url);
  channel.start();
  const link = await until(() => hub.sockets[0]?.frames[0] && hub.sockets[0], 'the hello');
  expect(link.url).toBe('/api/v1/stations/quanshan-sanbao/live');
  expect(link.auth).toBe('Bearer yzst_station-token');
  expect(link.frames[0]).toEqual({
    type: 'hello',
    doorKey: DOOR_KEY,
    kiosk: { status: 'ok', since: '2026-11-28T02:00:00.000Z' },
    appliances: [],
  });
  expect(channel.connected).toBe(false);
  link.socket.send(JSON.stringify({ type: 'welcome', stationId: 'quanshan-sanbao', at: '2026-11-28T02:00:00.000Z' }));
  await until(() => channel.connected, 'the channel up');
  expect(seen).toEqual([true]);
  // The first welcome asks no bundle check: the sync makes its own at start.
  expect(bundleChecks()).toBe(0);
});

it('answers a bad frame with an error and goes on with the next', async () => {
  const hub = await fakeHub();
  const { channel, asked } = channelTo(hub.url);
  channel.start();
  const link = await until(() => hub.sockets[0], 'a connection');
  link.socket.send(JSON.stringify({ type: 'welcome', stationId: 'quanshan-sanbao', at: 'now' }));
  for (const bad of [
    '{',
    '{"type":"admission","id":"a1"}',
    '{"type":"appliance.power","id":"p","device":"x","on":"yes","by":"o"}',
    '"str"',
  ]) {
    link.socket.send(bad);
  }
  link.socket.send(JSON.stringify({ type: 'admission', id: 'a2', admission: 'YZA1.x.y' }));
  link.socket.send(JSON.stringify({ type: 'appliance.power', id: 'p2', device: 'microwave', on: false, by: 'office' }));
  link.socket.send(JSON.stringify({ type: 'ping' }));
  await until(() => link.frames.some((f) => f.type === 'pong'), 'the pong');
  await until(() => link.frames.some((f) => f.type === 'appliance.power.result'), 'the power answer');
  const errors = link.frames.filter((f) => f.type === 'error');
  expect(errors).toHaveLength(4);
  expect(channel.refusedFrames).toBe(4);
  expect(asked).toEqual(['YZA1.x.y']);
  expect(link.frames).toContainEqual({
    type: 'admission.result',
    id: 'a2',
    result: { ok: true, visitId: 'v-1', category: 'rider' },
  });
  expect(link.frames).toContainEqual({ type: 'appliance.power.result', id: 'p2', result: { ok: true, on: false } });
  expect(channel.connected).toBe(true);
});

it('goes down when the hub drops it, and comes back after the backoff', async () => {
  const hub = await fakeHub();
  const { channel, seen, bundleChecks } = channelTo(hub.url);
  channel.start();
  const first = await until(() => hub.sockets[0], 'a connection');
  first.socket.send(JSON.stringify({ type: 'welcome', stationId: 'quanshan-sanbao', at: 'now' }));
  await until(() => channel.connected, 'up');
  const droppedAt = Date.now();
  first.socket.terminate();
  await until(() => seen.includes(false), 'down');
  const second = await until(() => hub.sockets[1], 'a second connection');
  // The product's backoff: a second for the first retry (no jitter here), never a tight loop.
  expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(900);
  second.socket.send(JSON.stringify({ type: 'welcome', stationId: 'quanshan-sanbao', at: 'now' }));
  await until(() => channel.connected, 'up again');
  expect(seen).toEqual([true, false, true]);
  // Whatever changed while it was away is fetched at once.
  expect(bundleChecks()).toBe(1);
});

it('keeps trying a hub that refuses the channel, with the backoff, and stops trying when stopped', async () => {
  const hub = await fakeHub();
  const tries: number[] = [];
  hub.server.options.verifyClient = (_info: unknown, done: (ok: boolean, code?: number) => void) => {
    tries.push(Date.now());
    done(false, 403);
  };
  const { channel, seen } = channelTo(hub.url);
  channel.start();
  await until(() => tries.length >= 2, 'a second try');
  expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(900);
  expect(channel.connected).toBe(false);
  expect(seen).toEqual([]);
  channel.stop();
  const after = tries.length;
  await new Promise((r) => setTimeout(r, 2_500));
  expect(tries.length).toBe(after);
});
