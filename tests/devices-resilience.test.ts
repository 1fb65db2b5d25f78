/**
 * Resilience: a broker restart mid-stream (a real Mosquitto process of the test's own, and the
 * embedded aedes) loses nothing published after the agent has reconnected; a device flooding its topic
 * with garbage cannot starve the door, the kiosk or the other devices.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics, type LiveMessage } from '@yizhan/shared';
import { tasmota } from '@yizhan/simulator';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FLOOD_FACTOR } from '../station-agent/src/devices/station-devices.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { freePort } from './support/ports.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

/** A broker the test can kill and bring back on the same port. */
interface RestartableBroker {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function mosquittoBroker(): Promise<RestartableBroker> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const b: RestartableBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      proc = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
      await waitFor(
        async () => {
          const c = await mqtt.connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 500 }).catch(() => undefined);
          await c?.endAsync();
          return c !== undefined;
        },
        { what: 'mosquitto to listen', intervalMs: 50 },
      );
    },
    async stop() {
      const p = proc;
      proc = undefined;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((r) => {
        p.once('exit', () => r());
        p.kill('SIGTERM');
      });
    },
  };
  await b.start();
  return b;
}

async function aedesBroker(): Promise<RestartableBroker> {
  const port = await freePort();
  let broker: EmbeddedBroker | undefined = await startEmbeddedBroker({ port });
  return {
    url: broker.url,
    async start() {
      broker = await startEmbeddedBroker({ port });
    },
    async stop() {
      await broker?.close();
      broker = undefined;
    },
  };
}

describe.each([
  ['a Mosquitto process', mosquittoBroker],
  ['the embedded broker (aedes)', aedesBroker],
])('a broker restart on %s', (_name, makeBroker) => {
  let broker: RestartableBroker | undefined;
  let agent: Agent | undefined;
  let device: MqttClient | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await device?.endAsync(true);
    await agent?.close();
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects, resubscribes, says online again and misses nothing published after reconnection', async () => {
    broker = await makeBroker();
    dir = mkdtempSync(join(tmpdir(), 'yz-restart-'));
    const id = `rs-${Math.random().toString(36).slice(2, 8)}`;
    agent = await buildAgent(
      parseAgentConfig({
        station: { id, name: 'S', district: 'D', capacity: 20 },
        mqtt: { url: broker.url },
        dataDir: dir,
        devices: [
          {
            id: 'counter',
            kind: 'people-counter',
            source: { format: 'generic-json', topic: `${id}/counter`, fields: { in: '/in', out: '/out' } },
            maxMessagesPerSecond: 5_000,
          },
        ],
      }),
    );
    await agent.start();
    device = await mqtt.connectAsync(broker.url, { reconnectPeriod: 100, clientId: `${id}-device` });
    const send = (seq: number) =>
      device!.publishAsync(`${id}/counter`, JSON.stringify({ in: seq, out: 0 }), { qos: 1 });
    const seen = () => {
      agent!.readings.flush();
      return (agent!.db.prepare('SELECT values_json FROM readings ORDER BY id').all() as { values_json: string }[]).map(
        (r) => JSON.parse(r.values_json).peopleIn as number,
      );
    };
    for (let seq = 1; seq <= 50; seq++) await send(seq);
    await waitFor(() => seen().length === 50, { what: 'the first 50 readings' });

    await broker.stop();
    await waitFor(async () => (await agent!.http.inject('/healthz')).json().mqtt === false, { what: 'the link down' });
    await broker.start();
    await waitFor(async () => (await agent!.http.inject('/healthz')).json().mqtt === true, {
      what: 'the agent to reconnect',
      timeoutMs: 15_000,
    });
    // The agent subscribes right after its CONNACK; a marker it has read proves the subscription is back.
    await waitFor(
      async () => {
        await device!.publishAsync(`${id}/counter`, JSON.stringify({ in: 10_000, out: 0 }), { qos: 1 });
        return seen().includes(10_000);
      },
      { what: 'the agent to read again', timeoutMs: 10_000, intervalMs: 100 },
    );
    const status = await MqttProbe.connect(broker.url, [agentTopics(id).status]);
    expect((await status.next(agentTopics(id).status)).payload).toBe('online');
    await status.close();

    for (let seq = 51; seq <= 550; seq++) await send(seq);
    await waitFor(() => seen().includes(550), { what: 'the last reading' });
    const after = seen().filter((n) => n > 50 && n < 10_000);
    expect(after).toEqual(Array.from({ length: 500 }, (_, i) => 51 + i));
  });
});

describe('a flooding device', () => {
  let stack: Stack | undefined;
  let probe: MqttProbe | undefined;
  let kiosk: WebSocket | undefined;

  afterEach(async () => {
    kiosk?.close();
    await probe?.close();
    await stack?.close();
  });

  it('cannot starve the door, the kiosk or the other devices', async () => {
    const started = await startStack();
    stack = started;
    const t = agentTopics(stack.stationId);
    probe = await MqttProbe.connect(stack.brokerUrl, [t.doorResult]);
    const live: LiveMessage[] = [];
    kiosk = new WebSocket(`${stack.kioskUrl.replace('http', 'ws')}/api/live`);
    kiosk.on('message', (data) => live.push(JSON.parse(data.toString())));
    await waitFor(() => live.find((m) => m.type === 'snapshot'), { what: 'the kiosk snapshot' });

    const garbage = [
      '',
      '{"occupancy":',
      '{"occupancy":"yes"}',
      '{"battery":1e999}',
      Buffer.from([0xff, 0x00, 0xfe]),
      '[]',
    ];
    const code = await stack.hub.admin.issueMemberCode({ member: 'worker-flood', category: 'courier' });
    const FLOOD = 6_000;
    const powers: number[] = [];
    for (let i = 0; i < FLOOD; i++) {
      probe.client.publish(stack.topics.pir, garbage[i % garbage.length]!, { qos: 0 });
      if (i % 600 === 300) {
        const w = powers.length % 2 === 0 ? 900 + powers.length : 2;
        powers.push(w);
        const p = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: w, energyKWh: 1 + powers.length / 100 });
        probe.client.publish(p.topic, p.payload, { qos: 0 });
      }
      if (i === FLOOD / 2) probe.client.publish(t.doorScan, code, { qos: 0 });
    }
    await probe.publish(`${stack.topics.pir}/end`, 'x');

    const result = JSON.parse((await probe.next(t.doorResult, 0, 15_000)).payload);
    expect(result).toMatchObject({ ok: true, category: 'courier' });
    await waitFor(() => live.some((m) => m.type === 'door' && m.result.ok), { what: 'the kiosk welcome' });

    const metrics = stack.agent.metrics;
    // The flood is refused, first one by one (most by the budget, before they are parsed), then not received at
    // all: past ten times its budget within a second the device's telemetry is unsubscribed for a while.
    const refused = () =>
      ['empty', 'not-json', 'not-utf8', 'schema', 'rate-limited'].reduce(
        (n, r) => n + metrics.rejectedCount(r as 'empty'),
        0,
      );
    const muted = async () =>
      (await started.agent.http.inject({ method: 'GET', url: '/metrics' })).body.includes(
        'yizhan_device_muted{device="rest-area"} 1',
      );
    await waitFor(muted, { what: 'the flooding PIR muted', timeoutMs: 15_000 });
    expect(metrics.rejectedCount('rate-limited')).toBeGreaterThanOrEqual(FLOOD_FACTOR * 20);
    expect(refused()).toBeLessThanOrEqual(FLOOD);
    const refusedWhenMuted = refused();
    // Muted: more of the flood reaches the agent no more (a reading of the plug after it is the marker).
    for (let i = 0; i < 500; i++) probe.client.publish(stack.topics.pir, garbage[i % garbage.length]!, { qos: 0 });
    const marker = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: 3, energyKWh: 2 });
    powers.push(3);
    await probe.publish(marker.topic, marker.payload);
    await waitFor(() => started.agent.devices.get('microwave')?.values.powerW === 3 || undefined, {
      what: 'the marker',
    });
    expect(refused()).toBe(refusedWhenMuted);
    // Every reading of the well-behaved plug got through, in order.
    stack.agent.readings.flush();
    const microwave = (
      stack.agent.db.prepare("SELECT values_json FROM readings WHERE device = 'microwave' ORDER BY id").all() as {
        values_json: string;
      }[]
    ).map((r) => JSON.parse(r.values_json).powerW);
    expect(microwave).toEqual(powers);
    // The garbage changed nothing the kiosk sees.
    expect(live.filter((m) => m.type === 'device' && m.state.device === 'rest-area')).toEqual([]);
    expect(stack.agent.devices.get('rest-area')).toMatchObject({ online: null, status: 'unknown', values: {} });
  });
});
