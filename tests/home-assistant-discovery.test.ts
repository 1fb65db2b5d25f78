/**
 * Home Assistant MQTT discovery on the machine's Mosquitto: the station's devices appear as device-based
 * discovery configs that satisfy Home Assistant's documented schema, a device that leaves the config is removed
 * (an empty retained config), and Home Assistant's birth message (`online` on its status topic) has every config
 * published again. A prefix of its own keeps the test off any real Home Assistant on the broker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics } from '@yizhan/shared';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { MqttProbe } from './support/mqtt-probe.ts';
import { MOSQUITTO_URL } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

const suffix = Math.random().toString(36).slice(2, 8);
const id = `ha-${suffix}`;
const prefix = `ha-test-${suffix}`;
let dir: string;
let agent: Agent | undefined;
let probe: MqttProbe;

const DEVICES = [
  {
    id: 'microwave',
    kind: 'appliance',
    label: { zh: '微波炉', en: 'Microwave' },
    source: { format: 'tasmota', topic: `${id}_microwave` },
    inUse: { aboveWatts: 50, belowWatts: 10 },
  },
  { id: 'fridge', kind: 'fridge', source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${id}_fridge` } },
  { id: 'front-door', kind: 'door', source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${id}_door` } },
  {
    id: 'seat-1',
    kind: 'presence',
    occupancyRole: 'seat',
    source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${id}_seat` },
  },
];
const configOf = (devices: unknown[]) =>
  parseAgentConfig(
    {
      station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: MOSQUITTO_URL },
      dataDir: dir,
      devices,
      homeAssistant: { discovery: true, prefix },
    },
    dir,
  );

/**
 * Home Assistant's device-based discovery payload as its MQTT documentation describes it: `dev` (or `device`)
 * with identifiers, `o` (origin) with a name, and `cmps` whose every entry names its platform `p` and a
 * `unique_id`; each sensor or binary sensor here reads a state topic. Abbreviated keys are allowed by the docs.
 */
const documented = z
  .object({
    dev: z.object({ ids: z.union([z.string(), z.array(z.string()).min(1)]), name: z.string().optional() }).loose(),
    o: z.object({ name: z.string().min(1), sw: z.string().optional(), url: z.string().optional() }).loose(),
    cmps: z.record(
      z.string().regex(/^[A-Za-z0-9_-]+$/),
      z
        .object({
          p: z.enum(['sensor', 'binary_sensor']),
          unique_id: z.string().min(1),
          state_topic: z.string().min(1),
          value_template: z.string().optional(),
          device_class: z.string().optional(),
        })
        .loose(),
    ),
    availability: z.array(z.object({ topic: z.string().min(1) }).loose()).optional(),
    availability_mode: z.enum(['all', 'any', 'latest']).optional(),
    qos: z.number().int().min(0).max(2).optional(),
  })
  .loose();

const configTopic = (objectId: string) => `${prefix}/device/${objectId}/config`;
const configs = () => new Map(probe.on(`${prefix}/device/+/config`).map((m) => [m.topic, m]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-ha-'));
  probe = await MqttProbe.connect(MOSQUITTO_URL, [`${prefix}/#`]);
});

afterAll(async () => {
  await agent?.close();
  // Leave no retained config behind on the shared broker.
  for (const topic of new Set(probe.on(`${prefix}/#`).map((m) => m.topic))) await probe.publish(topic, '', true);
  await probe?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('publishes device-based discovery that satisfies the documented schema, one device per station device', async () => {
  agent = await buildAgent(configOf(DEVICES));
  await agent.start();
  // The object ids keep the station id as it is (dashes are allowed); device ids' dashes become underscores.
  const topics = ['', '_microwave', '_fridge', '_front_door', '_seat_1'].map((d) => configTopic(`yizhan_${id}${d}`));
  await waitFor(() => topics.every((t) => configs().has(t)) || undefined, { what: 'every discovery config' });
  // Retained: a Home Assistant that connects later finds them all.
  const late = await MqttProbe.connect(MOSQUITTO_URL, [`${prefix}/device/+/config`]);
  await waitFor(() => topics.every((t) => late.on(t).some((m) => m.retain)) || undefined, { what: 'retained configs' });
  await late.close();
  const uniqueIds = new Set<string>();
  for (const topic of topics) {
    const message = configs().get(topic)!;
    const parsed = documented.parse(JSON.parse(message.payload));
    for (const c of Object.values(parsed.cmps)) {
      expect(uniqueIds.has(c.unique_id)).toBe(false);
      uniqueIds.add(c.unique_id);
    }
  }
  const microwave = documented.parse(JSON.parse(configs().get(topics[1]!)!.payload));
  expect(microwave.dev).toMatchObject({ ids: [`yizhan_${id}_microwave`], name: '微波炉', via_device: `yizhan_${id}` });
  expect(microwave.o).toMatchObject({ name: 'Yizhan station agent' });
  expect(Object.keys(microwave.cmps)).toEqual(['status', 'power', 'energy']);
  expect(microwave.cmps.power).toMatchObject({
    p: 'sensor',
    unique_id: `yizhan_${id}_microwave_power`,
    state_topic: agentTopics(id).state('microwave'),
    device_class: 'power',
    unit_of_measurement: 'W',
  });
  expect(microwave.availability).toEqual([
    { topic: agentTopics(id).status, payload_available: 'online', payload_not_available: 'offline' },
    { topic: agentTopics(id).state('microwave'), value_template: "{{ 'online' if value_json.online else 'offline' }}" },
  ]);
  const door = documented.parse(JSON.parse(configs().get(topics[3]!)!.payload));
  expect(door.cmps.door).toMatchObject({ p: 'binary_sensor', device_class: 'door' });
  const seat = documented.parse(JSON.parse(configs().get(topics[4]!)!.payload));
  expect(seat.cmps.occupancy).toMatchObject({ p: 'binary_sensor', device_class: 'occupancy' });
  const station = documented.parse(JSON.parse(configs().get(topics[0]!)!.payload));
  expect(station.cmps.inside).toMatchObject({
    state_topic: agentTopics(id).occupancy,
    value_template: '{{ value_json.inside }}',
  });
  expect(station.cmps.agent).toMatchObject({
    p: 'binary_sensor',
    state_topic: agentTopics(id).status,
    device_class: 'connectivity',
  });
});

it('publishes every config again when Home Assistant says it is online', async () => {
  const before = probe.on(`${prefix}/device/+/config`).length;
  await probe.publish(`${prefix}/status`, 'online');
  await waitFor(() => probe.on(`${prefix}/device/+/config`).length >= before + 5 || undefined, {
    what: 'the configs again after the birth message',
  });
  // Any other word on the status topic (Home Assistant's `offline` will) asks for nothing.
  const after = probe.on(`${prefix}/device/+/config`).length;
  await probe.publish(`${prefix}/status`, 'offline');
  await probe.publish(`${prefix}/status`, 'online');
  await waitFor(() => probe.on(`${prefix}/device/+/config`).length >= after + 5 || undefined, {
    what: 'a second round',
  });
  expect(probe.on(`${prefix}/device/+/config`).length).toBe(after + 5);
});

it('removes the config of a device that has left the station config', async () => {
  await agent!.close();
  const seatTopic = configTopic(`yizhan_${id}_seat_1`);
  const before = probe.on(seatTopic).length;
  agent = await buildAgent(configOf(DEVICES.filter((d) => d.id !== 'seat-1')));
  await agent.start();
  await waitFor(
    () =>
      probe
        .on(seatTopic)
        .slice(before)
        .find((m) => m.payload === '') ?? undefined,
    {
      what: 'the empty config of the removed seat',
    },
  );
  // A Home Assistant that connects now finds the other devices and not the seat.
  const late = await MqttProbe.connect(MOSQUITTO_URL, [`${prefix}/device/+/config`]);
  await waitFor(() => late.on(`${prefix}/device/+/config`).length >= 4 || undefined, { what: 'the retained configs' });
  expect(late.on(seatTopic)).toEqual([]);
  expect(new Set(late.on(`${prefix}/device/+/config`).map((m) => m.topic)).size).toBe(4);
  await late.close();
});
