/**
 * A restarted agent shows each device's last known state at once, marked unconfirmed with its age, instead of
 * "unknown" until the device next reports (five minutes for a Tasmota plug, an hour for a battery sensor); the
 * first values the device sends replace it. Real agent, embedded broker, real payloads, the station's file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics, type DeviceState } from '@yizhan/shared';
import {
  type Agent,
  type AgentConfig,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { waitFor } from './support/wait.ts';

let dir: string;
let broker: EmbeddedBroker;
let probe: MqttProbe;
let config: AgentConfig;
let agent: Agent | undefined;
const id = `restart-${Math.random().toString(36).slice(2, 8)}`;
const fridge = `zigbee2mqtt/${id}_fridge`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-device-restart-'));
  broker = await startEmbeddedBroker({ port: 0 });
  config = parseAgentConfig(
    {
      station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: broker.url },
      dataDir: join(dir, 'station'),
      devices: [
        {
          id: 'fridge',
          kind: 'fridge',
          label: { zh: '冰箱', en: 'Fridge' },
          source: { format: 'zigbee2mqtt', topic: fridge },
          alarm: { aboveCelsius: 8, forMinutes: 10 },
        },
      ],
    },
    dir,
  );
  probe = await MqttProbe.connect(broker.url);
});

afterAll(async () => {
  await agent?.close();
  await probe?.close();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('shows the fridge as last known after a restart, unconfirmed, until the sensor reports again', async () => {
  agent = await buildAgent(config);
  await agent.start();
  // tests/fixtures/devices/zigbee2mqtt-contact-and-plug.json: a fridge thermometer with a battery of null.
  await probe.publish(fridge, '{"battery":null,"humidity":61.2,"linkquality":47,"temperature":4.9}');
  const first = await waitFor(() => agent!.devices.get('fridge')?.updatedAt ?? undefined, { what: 'the reading' });
  await agent.close();

  agent = await buildAgent(config);
  const watcher = await MqttProbe.connect(broker.url, [agentTopics(id).state('fridge')]);
  await agent.start();
  const restored: DeviceState = {
    device: 'fridge',
    kind: 'fridge',
    label: { zh: '冰箱', en: 'Fridge' },
    online: null,
    updatedAt: first,
    status: 'ok',
    values: { temperatureC: 4.9, humidityPct: 61.2, linkQuality: 47 },
    confirmed: false,
  };
  expect(agent.devices.get('fridge')).toEqual(restored);
  const station = await agent.http.inject({ method: 'GET', url: '/api/station' });
  expect(station.json().devices).toEqual([restored]);
  // Published again, retained, over what the broker kept from before: a kiosk or Home Assistant sees it as such.
  const retained = await waitFor(
    () => watcher.on(agentTopics(id).state('fridge')).find((m) => JSON.parse(m.payload).confirmed === false),
    { what: 'the restored state on its topic' },
  );
  expect(JSON.parse(retained.payload)).toEqual(restored);
  await watcher.close();
  // An alarm is judged only on what the device says since the start: nothing is pending on old values.
  expect(agent.alarms.open()).toEqual([]);

  await probe.publish(fridge, '{"battery":null,"humidity":60.8,"linkquality":51,"temperature":5.1}');
  await waitFor(() => agent!.devices.get('fridge')?.confirmed === undefined || undefined, { what: 'a fresh reading' });
  expect(agent.devices.get('fridge')).toMatchObject({
    online: true,
    status: 'ok',
    values: { temperatureC: 5.1, humidityPct: 60.8, linkQuality: 51 },
  });
  expect(agent.devices.get('fridge')).not.toHaveProperty('confirmed');
});
