/** The agent's live WebSocket as a kiosk sees it: snapshot with content, then changes; no listener outlives its socket. */
import type { DeviceState, LiveMessage } from '@yizhan/shared';
import type { Agent } from '@yizhan/station-agent';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NOW, routeAgent, testBundle } from '../station-agent/test/routes/agent.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A kiosk's socket that keeps every message it got, parsed. */
async function connect(agent: Agent) {
  const messages: LiveMessage[] = [];
  const waiters: (() => void)[] = [];
  await agent.http.listen({ host: '127.0.0.1', port: 0 });
  const { port } = agent.http.server.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const nth = (n: number) =>
    new Promise<LiveMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message #${n} in 2 s`)), 2_000);
      const check = () => {
        if (messages.length > n) {
          clearTimeout(timer);
          resolve(messages[n]!);
        } else waiters.push(check);
      };
      check();
    });
  return { socket, nth };
}

describe('/api/live', () => {
  it('sends the snapshot with content, then device, door, occupancy and content messages; closing removes every listener', async () => {
    const built = await routeAgent({ idleSeconds: 30 });
    close = built.close;
    const { agent } = built;
    agent.bundle.save(
      testBundle({ nearby: [{ id: 'n', name: '淮海路工会驿站', district: '鼓楼区', distanceM: 900, open24h: true }] }),
      new Date(NOW),
    );
    const kiosk = await connect(agent);

    expect(await kiosk.nth(0)).toEqual({
      type: 'snapshot',
      station: { id: 'route-test', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      devices: [],
      content: {
        services: ['water', 'microwave', 'rest'],
        events: [],
        announcements: [],
        nearby: [{ id: 'n', name: '淮海路工会驿站', district: '鼓楼区', distanceM: 900, open24h: true }],
        replies: [],
        timezone: 'Asia/Shanghai',
        display: { idleSeconds: 30 },
      },
      switchedOff: [],
    });

    const state: DeviceState = {
      device: 'microwave',
      kind: 'appliance',
      online: true,
      updatedAt: new Date(NOW).toISOString(),
      status: 'in-use',
      values: { powerW: 800 },
    };
    agent.bus.emit('device', state);
    expect(await kiosk.nth(1)).toEqual({ type: 'device', state });
    agent.bus.emit('door', { ok: false, reason: 'expired' });
    expect(await kiosk.nth(2)).toEqual({ type: 'door', result: { ok: false, reason: 'expired' } });

    const occupancy = { inside: 7, capacity: 20, updatedAt: new Date(NOW).toISOString() };
    agent.bus.emit('occupancy', occupancy);
    expect(await kiosk.nth(3)).toEqual({ type: 'occupancy', occupancy });

    agent.bundle.save(testBundle({ version: 'v2', services: ['water'] }), new Date(NOW));
    agent.kioskContent.bundleChanged();
    expect(await kiosk.nth(4)).toMatchObject({ type: 'content', content: { services: ['water'], nearby: [] } });

    expect(agent.kioskContent.listenerCount()).toBe(1);
    kiosk.socket.close();
    await expect.poll(() => agent.kioskContent.listenerCount()).toBe(0);
    expect(agent.bus.listenerCount()).toBe(0);
  });
});
