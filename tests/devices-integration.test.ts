/**
 * Devices end to end on a real broker (the embedded aedes and the machine's Mosquitto): an appliance
 * session from a real power curve, occupancy through a busy hour, an alarm raised and cleared without
 * flapping, devices going offline by LWT and by silence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics, type DeviceState, type Occupancy } from '@yizhan/shared';
import { genericJson, seededRandom, simulateDay, tasmota, zigbee2mqtt } from '@yizhan/simulator';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { MOSQUITTO_URL } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

describe.each([
  ['the embedded broker (aedes)', undefined],
  ['Mosquitto', MOSQUITTO_URL],
])('devices on %s', (_name, mosquitto) => {
  let broker: EmbeddedBroker | undefined;
  let agent: Agent;
  let probe: MqttProbe;
  let dir: string;
  const id = `dev-${Math.random().toString(36).slice(2, 8)}`;
  const topic = (name: string) => `${id}_${name}`;
  const states: DeviceState[] = [];
  const occupancies: Occupancy[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-devices-'));
    if (!mosquitto) broker = await startEmbeddedBroker({ port: 0 });
    const url = mosquitto ?? broker!.url;
    const config = parseAgentConfig(
      {
        station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
        mqtt: { url },
        http: { port: 0 },
        dataDir: join(dir, 'station'),
        devices: [
          {
            id: 'microwave',
            kind: 'appliance',
            source: { format: 'tasmota', topic: topic('microwave') },
            inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 0.6 },
            maxMessagesPerSecond: 200,
          },
          {
            id: 'fridge',
            kind: 'fridge',
            source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${topic('fridge')}` },
            alarm: { aboveCelsius: 8, forMinutes: 0.01, clearBelowCelsius: 7 },
            maxMessagesPerSecond: 200,
          },
          {
            id: 'entrance',
            kind: 'people-counter',
            source: { format: 'generic-json', topic: topic('counter'), fields: { in: '/in', out: '/out' } },
            maxMessagesPerSecond: 1000,
          },
          {
            id: 'water',
            kind: 'appliance',
            service: 'water',
            source: { format: 'tasmota', topic: topic('water') },
            inUse: { aboveWatts: 300, belowWatts: 30 },
          },
          {
            id: 'pir',
            kind: 'presence',
            source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${topic('pir')}` },
            expireSeconds: 1,
          },
        ],
        alarms: { clearAfterSeconds: 0.3 },
      },
      dir,
    );
    agent = await buildAgent(config);
    agent.bus.on('device', (s) => states.push(s));
    agent.bus.on('occupancy', (o) => occupancies.push(o));
    await agent.start();
    probe = await MqttProbe.connect(url, [agentTopics(id).state('+'), agentTopics(id).occupancy]);
  });

  afterAll(async () => {
    await probe?.close();
    await agent?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Publishes a marker on the device's topic (a report with nothing to read, counted) and waits until it is read. */
  const handled = async (deviceTopic: string) => {
    const before = agent.metrics.rejectedCount('nothing-readable');
    await probe.publish(deviceTopic, '{"marker":true}');
    await waitFor(() => agent.metrics.rejectedCount('nothing-readable') > before, { what: 'the marker' });
  };
  const statuses = (device: string) => states.filter((s) => s.device === device).map((s) => s.status);

  it('counts one microwave session from a real power curve with magnetron pauses', async () => {
    // Tasmota at TelePeriod 10 compressed ten-fold: idle, 3 × (on 1050 W, pause 45 W), idle.
    const curve = [0.8, 1050, 1062, 46, 1049, 1058, 45, 1051, 1047, 0.9, 0.7];
    for (const [i, w] of curve.entries()) {
      const p = tasmota.sensor(topic('microwave'), new Date(), { powerW: w, energyKWh: 30 + i / 1000 });
      await probe.publish(p.topic, p.payload);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(() => statuses('microwave').at(-1) === 'free' && statuses('microwave').includes('in-use'), {
      what: 'the microwave to end its session',
    });
    expect(statuses('microwave').filter((s, i, all) => s !== all[i - 1])).toEqual(['free', 'in-use', 'free']);
    const rows = agent.db.prepare('SELECT device, seconds FROM appliance_sessions').all() as { seconds: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.seconds).toBeGreaterThan(0.6);
    const events = agent.outbox.pending(100).filter((e) => e.type === 'appliance.session');
    expect(events.map((e) => e.body)).toEqual([
      expect.objectContaining({ device: 'microwave', seconds: rows[0]!.seconds }),
    ]);
    const retained = await waitFor(() =>
      probe.on(agentTopics(id).state('microwave')).find((m) => JSON.parse(m.payload).status === 'free' && m.at > 0),
    );
    expect(JSON.parse(retained.payload)).toMatchObject({
      device: 'microwave',
      kind: 'appliance',
      online: true,
      status: 'free',
    });
  });

  it('follows occupancy through a busy lunch hour from the people counter', async () => {
    const from = Date.parse('2026-11-27T16:00:00Z');
    const lunch = simulateDay(
      [{ id: 'entrance', kind: 'people-counter', source: { format: 'generic-json', topic: topic('counter') } }],
      {
        from,
        random: seededRandom(42),
      },
    ).filter((p) => p.topic === topic('counter') && p.at >= from + 11 * 3_600_000 && p.at < from + 13 * 3_600_000);
    expect(lunch.length).toBeGreaterThan(30);
    // The expected estimate: the counter's differences, summed and held within 0…2×capacity.
    let expected = 0;
    let last: { in: number; out: number } | undefined;
    for (const p of lunch) {
      const c = JSON.parse(p.payload) as { in: number; out: number };
      if (last) expected = Math.min(40, Math.max(0, expected + (c.in - last.in) - (c.out - last.out)));
      last = c;
      await probe.publish(p.topic, p.payload);
    }
    const peak = Math.max(...occupancies.map((o) => o.inside));
    await waitFor(() => agent.occupancy.current.inside === expected && occupancies.length > 0, {
      what: `the estimate to reach ${expected}`,
    });
    expect(peak).toBeGreaterThan(3);
    await waitFor(() => JSON.parse(probe.on(agentTopics(id).occupancy).at(-1)!.payload).inside === expected);
    expect(JSON.parse(probe.on(agentTopics(id).occupancy).at(-1)!.payload)).toEqual({
      inside: expected,
      capacity: 20,
      updatedAt: expect.any(String),
    });
    // The counter rebooting to zero invents nobody: it only starts a new baseline. A marker after it on the same
    // topic (a report with nothing to read, counted) says the reset has been handled.
    await probe.publish(topic('counter'), genericJson.counter(topic('counter'), new Date(), 0, 0).payload);
    await handled(topic('counter'));
    expect(agent.occupancy.current.inside).toBe(expected);
  });

  it('raises "fridge too warm" once through a wobble and clears it once', async () => {
    const fridge = `zigbee2mqtt/${topic('fridge')}`;
    const send = (t: number) =>
      probe.publish(fridge, zigbee2mqtt.state(fridge, { temperature: t, battery: 91 }).payload);
    // Around the threshold, never above it for 0.6 s in a row.
    for (const t of [8.3, 7.9, 8.2, 7.8, 8.4, 7.9]) {
      await send(t);
      await new Promise((r) => setTimeout(r, 150));
    }
    await handled(fridge);
    expect(agent.alarms.open()).toEqual([]);
    await send(9.5);
    await waitFor(() => agent.alarms.open().length === 1, { what: 'the fridge alarm' });
    // Wobbling just under 8 (but above the clear mark of 7) keeps it open.
    for (const t of [7.6, 8.1, 7.5]) {
      await send(t);
      await new Promise((r) => setTimeout(r, 150));
    }
    await handled(fridge);
    expect(agent.alarms.open()).toHaveLength(1);
    await send(5.2);
    await waitFor(() => agent.alarms.open().length === 0, { what: 'the alarm to clear' });
    const alarmEvents = agent.outbox
      .pending(500)
      .filter((e) => (e.type === 'alarm.raised' || e.type === 'alarm.cleared') && e.body.rule === 'fridge-too-warm');
    expect(alarmEvents.map((e) => e.type)).toEqual(['alarm.raised', 'alarm.cleared']);
  });

  it('shows a device offline by its LWT and another by silence, and tells the hub', async () => {
    const water = tasmota.sensor(topic('water'), new Date(), { powerW: 1.2, energyKWh: 3 });
    await probe.publish(water.topic, water.payload);
    await waitFor(() => agent.devices.get('water')?.online === true);
    const lwt = tasmota.lwt(topic('water'), false);
    await probe.publish(lwt.topic, lwt.payload, true);
    await waitFor(() => agent.devices.get('water')?.online === false, { what: 'water offline by LWT' });
    expect(agent.services()).toEqual([{ service: 'water', status: 'unavailable' }]);

    const pir = `zigbee2mqtt/${topic('pir')}`;
    await probe.publish(pir, '{"occupancy":true,"battery":12}');
    await waitFor(() => agent.devices.get('pir')?.online === true);
    await waitFor(() => agent.devices.get('pir')?.online === false, {
      what: 'the PIR offline by silence',
      timeoutMs: 10_000,
    });
    const availability = (device: string) =>
      agent.outbox
        .pending(500)
        .filter((e) => e.type === 'device.availability' && e.body.device === device)
        .map((e) => (e.body as { online: boolean }).online);
    expect(availability('water')).toEqual([true, false]);
    // The PIR may first have gone offline unheard (its expiry runs from the agent's start).
    expect([
      [true, false],
      [false, true, false],
    ]).toContainEqual(availability('pir'));
    expect(agent.alarms.open().map((a) => [a.rule, a.device])).toContainEqual(['battery-low', 'pir']);
    await probe.publish(lwt.topic, '', true); // leave no retained LWT behind on the shared broker
    const metrics = await agent.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('yizhan_device_online{device="water",kind="appliance"} 0');
    expect(metrics.body).toContain('yizhan_device_online{device="pir",kind="presence"} 0');
    expect(metrics.body).toContain('yizhan_alarms_open{rule="battery-low"} 1');
  });
});
