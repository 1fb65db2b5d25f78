import type { AddressInfo } from 'node:net';
import type { ReadonlySignal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../../tests/support/wait.ts';
import { createLiveModel, type LiveModel, type OpenLiveSocket } from '../src/model/live.ts';
import { device, snapshot } from './fixtures.ts';

/** Resolves with `read()` once it satisfies `ok` (the one wait helper, tests/support/wait.ts). */
function until<T>(read: () => T, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  return waitFor(
    () => {
      const value = read();
      return ok(value) ? { value } : undefined;
    },
    { timeoutMs, what: 'the model to reach the state' },
  ).then(({ value }) => value);
}

/** The `ws` client wired like the browser's WebSocket: text frames arrive as strings. */
const openWs: OpenLiveSocket = (url, on) => {
  const socket = new WebSocket(url);
  socket.on('open', on.open);
  socket.on('message', (data, isBinary) => on.message(isBinary ? data : data.toString()));
  socket.on('error', () => {});
  socket.on('close', on.close);
  return socket;
};

const isTrue = (s: ReadonlySignal<boolean>) =>
  until(
    () => s.value,
    (v) => v,
  );
const isFalse = (s: ReadonlySignal<boolean>) =>
  until(
    () => s.value,
    (v) => !v,
  );

describe('createLiveModel against a real WebSocket server', () => {
  let server: WebSocketServer;
  let url: string;
  let live: LiveModel | undefined;
  const connections: WebSocket[] = [];

  beforeEach(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/live' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
    server.on('connection', (socket) => {
      connections.push(socket);
      socket.send(JSON.stringify(snapshot));
    });
  });

  afterEach(async () => {
    live?.stop();
    live = undefined;
    connections.length = 0;
    vi.restoreAllMocks();
    vi.useRealTimers();
    await new Promise((resolve) => server.close(resolve));
  });

  const start = (doorMomentMs?: number) => {
    live = createLiveModel({ url, openSocket: openWs, ...(doorMomentMs ? { doorMomentMs } : {}) });
    live.start();
    return live;
  };

  it('opens nothing until started, then shows the snapshot and each update', async () => {
    const model = createLiveModel({ url, openSocket: openWs });
    expect(server.clients.size).toBe(0);
    live = model;
    model.start();
    await isTrue(model.connected);
    await until(
      () => model.state.value.station?.name,
      (name) => name === '三胞广场工会驿站',
    );
    connections[0]!.send(JSON.stringify({ type: 'device', state: device('microwave', 'appliance', 'in-use') }));
    await until(
      () => model.state.value.devices.get('microwave')?.status,
      (s) => s === 'in-use',
    );
  });

  it('warns about and ignores a message outside the contract', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = start();
    await until(
      () => model.state.value.station,
      (s) => s !== null,
    );
    const before = model.state.value;
    connections[0]!.send('{"type":"device","state":{"device":"x"}}');
    connections[0]!.send(JSON.stringify({ type: 'door', result: { ok: false, reason: 'expired' } }));
    await until(
      () => model.doorMoment.value,
      (m) => m !== null,
    );
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^kiosk: ignored an invalid live message \(state\./);
    expect(model.state.value.devices).toBe(before.devices);
  });

  it('shows a door moment and takes it down after its time', async () => {
    const model = start(150);
    await isTrue(model.connected);
    const result = { ok: true, visitId: 'v1', category: 'courier' } as const;
    connections[0]!.send(JSON.stringify({ type: 'door', result }));
    expect(
      await until(
        () => model.doorMoment.value,
        (m) => m !== null,
      ),
    ).toEqual({ result, welcomes: [result], seq: 1 });
    await until(
      () => model.doorMoment.value,
      (m) => m === null,
      2_000,
    );
    expect(model.state.value.lastDoor).toEqual({ result, seq: 1 });
  });

  it('does not let a late "lock did not answer" cover the next worker\'s moment, but shows it over its own', async () => {
    const model = start(5_000);
    await isTrue(model.connected);
    const first = { ok: true, visitId: 'v1', category: 'rider' } as const;
    const second = { ok: true, visitId: 'v2', category: 'courier' } as const;
    const send = (result: object) => connections[0]!.send(JSON.stringify({ type: 'door', result }));
    send(first);
    send(second);
    send({ ...first, lock: 'no-answer' });
    // The late answer about v1 has arrived (the state has it), and v2's welcome is still what is shown.
    await until(
      () => model.state.value.lastDoor?.seq,
      (seq) => seq === 3,
    );
    expect(model.doorMoment.value?.result).toEqual(second);
    send({ ...second, lock: 'no-answer' });
    expect(
      await until(
        () => model.doorMoment.value?.result,
        (r) => r?.ok === true && r.lock === 'no-answer',
      ),
    ).toEqual({ ...second, lock: 'no-answer' });
  });

  it('keeps the last state while the agent is away and reconnects by itself', async () => {
    const model = start();
    await isTrue(model.connected);
    for (const socket of connections) socket.terminate();
    await isFalse(model.connected);
    expect(model.state.value.devices.size).toBe(3);
    await isTrue(model.connected);
    expect(connections).toHaveLength(2);
  });

  it('closes its socket on stop', async () => {
    const model = start();
    await isTrue(model.connected);
    const closed = new Promise((resolve) => connections[0]!.once('close', resolve));
    model.stop();
    await closed;
    expect(model.connected.value).toBe(false);
  });

  it('cancels a pending reconnect on stop', async () => {
    let opened = 0;
    const model = createLiveModel({
      url,
      openSocket: (u, on) => {
        opened += 1;
        return openWs(u, on);
      },
    });
    live = model;
    model.start();
    await isTrue(model.connected);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    connections[0]!.terminate();
    await isFalse(model.connected);
    model.stop();
    vi.advanceTimersByTime(60_000);
    expect(opened).toBe(1);
  });
});
