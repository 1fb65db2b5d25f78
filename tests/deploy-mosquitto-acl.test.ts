/**
 * deploy/mosquitto: started as it ships (only paths and port changed for the test), a sensor cannot
 * open the door or speak for another device, and the agent can.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.ts';
import { RealProcess } from './support/processes.ts';
import { waitFor } from './support/wait.ts';

const DEPLOY = new URL('../deploy/mosquitto/', import.meta.url);
const ACCOUNTS = ['yizhan-agent', 'door-scanner', 'zigbee2mqtt', 'sanbao_microwave_plug', 'sanbao_door_relay'];
const password = (user: string) => `pw-${user}-7f3a`;

let dir: string;
let port: number;
let broker: RealProcess;
const clients: MqttClient[] = [];

async function connect(user: string, pass = password(user)): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: user,
    password: pass,
    clientId: `${user}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 0,
  });
  clients.push(client);
  return client;
}

function record(client: MqttClient): { topic: string; payload: string }[] {
  const got: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  return got;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-mosquitto-'));
  port = await freePort();
  const passwd = join(dir, 'yizhan.passwd');
  writeFileSync(passwd, '');
  for (const user of ACCOUNTS) execFileSync('mosquitto_passwd', ['-b', passwd, user, password(user)]);
  writeFileSync(join(dir, 'yizhan.acl'), readFileSync(new URL('yizhan.acl', DEPLOY)));
  const conf = readFileSync(new URL('yizhan.conf', DEPLOY), 'utf8')
    .replace('/etc/mosquitto/yizhan.passwd', passwd)
    .replace('/etc/mosquitto/yizhan.acl', join(dir, 'yizhan.acl'))
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
  // Started as root, Mosquitto would switch to its own user and could not read the test's temp files.
  writeFileSync(join(dir, 'mosquitto.conf'), `${conf}\nuser root\n`);
  broker = new RealProcess('mosquitto', 'mosquitto', ['-c', join(dir, 'mosquitto.conf')]);
  broker.start();
  await waitFor(
    async () => {
      try {
        await (await connect('yizhan-agent')).endAsync();
        return true;
      } catch {
        return false;
      }
    },
    { what: 'the test Mosquitto to accept the agent' },
  );
});

afterAll(async () => {
  for (const c of clients) await c.endAsync(true);
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('deploy/mosquitto ACL', () => {
  it('refuses an unknown password', async () => {
    await expect(connect('sanbao_microwave_plug', 'wrong')).rejects.toThrow(/Not authorized|Bad username or password/);
  });

  it("delivers the agent's unlock to the relay, never a sensor's", async () => {
    const relay = await connect('sanbao_door_relay');
    await relay.subscribeAsync('cmnd/sanbao_door_relay/#', { qos: 1 });
    const got = record(relay);
    const plug = await connect('sanbao_microwave_plug');
    const scanner = await connect('door-scanner');
    const zigbee = await connect('zigbee2mqtt');
    // Each attempt is acknowledged by the broker before the agent's command is sent.
    await plug.publishAsync('cmnd/sanbao_door_relay/POWER', 'ON', { qos: 1 });
    await scanner.publishAsync('cmnd/sanbao_door_relay/POWER', 'ON', { qos: 1 });
    await zigbee.publishAsync('cmnd/sanbao_door_relay/POWER', 'ON', { qos: 1 });
    const agent = await connect('yizhan-agent');
    await agent.publishAsync('cmnd/sanbao_door_relay/POWER', 'agent-ON', { qos: 1 });
    await waitFor(() => got.length > 0, { what: "the agent's command at the relay" });
    expect(got).toEqual([{ topic: 'cmnd/sanbao_door_relay/POWER', payload: 'agent-ON' }]);
  });

  it("lets a plug publish its own telemetry but not another device's", async () => {
    const agent = await connect('yizhan-agent');
    await agent.subscribeAsync(['tele/#', 'zigbee2mqtt/#', 'yizhan/+/door/scan'], { qos: 1 });
    const got = record(agent);
    const plug = await connect('sanbao_microwave_plug');
    await plug.publishAsync('tele/sanbao_door_relay/LWT', 'Offline', { qos: 1 });
    await plug.publishAsync('zigbee2mqtt/sanbao_fridge_sensor', '{"temperature":2}', { qos: 1 });
    await plug.publishAsync('yizhan/quanshan-sanbao/door/scan', 'YZ1.x.y', { qos: 1 });
    await plug.publishAsync('tele/sanbao_microwave_plug/SENSOR', '{"ENERGY":{"Power":812}}', { qos: 1 });
    const scanner = await connect('door-scanner');
    await scanner.publishAsync('yizhan/quanshan-sanbao/door/scan', 'YZ1.a.b', { qos: 1 });
    await waitFor(() => got.length >= 2, { what: 'the plug telemetry and the scan at the agent' });
    expect(got).toEqual([
      { topic: 'tele/sanbao_microwave_plug/SENSOR', payload: '{"ENERGY":{"Power":812}}' },
      { topic: 'yizhan/quanshan-sanbao/door/scan', payload: 'YZ1.a.b' },
    ]);
  });
});
