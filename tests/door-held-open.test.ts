/**
 * The door held open is one alarm among the others: raised by the alarm rules from the door contact's own
 * changes, on the real broker, and shown in `/healthz` and `/metrics` until the door is seen closed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { MOSQUITTO_URL } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

let dir: string;
let agent: Agent;
let probe: MqttProbe;
const id = `held-${Math.random().toString(36).slice(2, 8)}`;
const contact = `zigbee2mqtt/${id}_door_contact`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-held-open-'));
  agent = await buildAgent(
    parseAgentConfig(
      {
        station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
        mqtt: { url: MOSQUITTO_URL },
        dataDir: dir,
        door: {
          lock: { format: 'tasmota', topic: `${id}_relay` },
          contact: { format: 'zigbee2mqtt', topic: contact },
          heldOpenSeconds: 1,
        },
      },
      dir,
    ),
  );
  await agent.start();
  probe = await MqttProbe.connect(MOSQUITTO_URL);
});

afterAll(async () => {
  await probe?.close();
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

const health = async () => (await agent.http.inject({ method: 'GET', url: '/healthz' })).json();
const metrics = async () => (await agent.http.inject({ method: 'GET', url: '/metrics' })).body;

it('shows the door held open in /healthz and /metrics, and clears it when the door closes', async () => {
  // An Aqara contact through Zigbee2MQTT (tests/fixtures/devices/zigbee2mqtt-contact-and-plug.json): open.
  await probe.publish(contact, '{"battery":100,"contact":false,"device_temperature":26,"linkquality":102}');
  await waitFor(() => agent.alarms.open().length === 1, { what: 'the door-held-open alarm' });
  expect(agent.alarms.open()).toEqual([
    {
      alarmId: expect.any(String),
      rule: 'door-held-open',
      device: 'door-contact',
      detail: 'door open for more than 1 s',
      facts: { seconds: 1 },
      raisedAt: expect.any(String),
    },
  ]);
  expect((await health()).openAlarms).toBe(1);
  expect(await metrics()).toContain('yizhan_alarms_open{rule="door-held-open"} 1');

  await probe.publish(contact, '{"battery":100,"contact":true,"device_temperature":26,"linkquality":99}');
  await waitFor(() => agent.alarms.open().length === 0, { what: 'the alarm to clear' });
  expect((await health()).openAlarms).toBe(0);
  expect(await metrics()).not.toContain('yizhan_alarms_open{rule="door-held-open"}');
  const events = agent.outbox.pending(100).filter((e) => e.type === 'alarm.raised' || e.type === 'alarm.cleared');
  expect(events.map((e) => [e.type, (e.body as { rule: string }).rule, (e.body as { device: string }).device])).toEqual(
    [
      ['alarm.raised', 'door-held-open', 'door-contact'],
      ['alarm.cleared', 'door-held-open', 'door-contact'],
    ],
  );
});
