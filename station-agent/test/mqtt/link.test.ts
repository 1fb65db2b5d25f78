import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait.ts';
import { silentLog } from '../../src/log.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embedded-broker.ts';
import { MqttLink } from '../../src/mqtt/link.ts';

const until = (probe: () => boolean) => waitFor(() => probe() || undefined, { what: 'the broker' });

describe('mqtt link', () => {
  let broker: EmbeddedBroker | undefined;
  let link: MqttLink | undefined;
  afterEach(async () => {
    await link?.stop();
    await broker?.close();
  });

  it('hands each message to its exact and wildcard handlers; a throwing handler stops no other', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const warnings: object[] = [];
    link = new MqttLink({
      url: broker.url,
      clientId: 'link-test',
      status: { topic: 's/agent/status', online: 'online', offline: 'offline' },
      log: { info: () => {}, warn: (fields, m) => warnings.push({ ...fields, m }), error: () => {} },
    });
    const got: string[] = [];
    link.subscribe('tele/plug/SENSOR', () => {
      throw new Error('broken handler');
    });
    link.subscribe('tele/plug/SENSOR', (t, p) => got.push(`exact ${t} ${p}`));
    link.subscribe('tele/+/SENSOR', (t, p) => got.push(`wildcard ${t} ${p}`));
    link.subscribe('tele/other/SENSOR', (t) => got.push(`other ${t}`));
    await link.start();
    const device = await mqtt.connectAsync(broker.url, { clientId: 'device' });
    await device.publishAsync('tele/plug/SENSOR', '1', { qos: 1 });
    await device.publishAsync('tele/lamp/SENSOR', '2', { qos: 1 });
    await until(() => got.length === 3);
    expect(got).toEqual(['exact tele/plug/SENSOR 1', 'wildcard tele/plug/SENSOR 1', 'wildcard tele/lamp/SENSOR 2']);
    expect(warnings).toEqual([
      {
        err: new Error('broken handler'),
        filter: 'tele/plug/SENSOR',
        topic: 'tele/plug/SENSOR',
        m: 'a message handler failed',
      },
    ]);
    await device.endAsync();
  });

  it('subscribes each filter with the highest QoS asked for it, at connect and after', async () => {
    // A bare aedes, to see the SUBSCRIBE packets the link sends.
    const aedes = await Aedes.createBroker();
    const server = createServer((socket) => aedes.handle(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const subscribed: { topic: string; qos: number }[] = [];
    aedes.on('subscribe', (subs) => subscribed.push(...subs.map((s) => ({ topic: s.topic, qos: s.qos }))));
    const qosLink = new MqttLink({
      url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`,
      clientId: 'link-qos-test',
      status: { topic: 's/agent/status', online: 'online', offline: 'offline' },
      log: silentLog,
    });
    link = qosLink;
    try {
      qosLink.subscribe('tele/plug/SENSOR', () => {}, 0);
      qosLink.subscribe('tele/plug/LWT', () => {}, 1);
      qosLink.subscribe('s/door/scan', () => {});
      qosLink.subscribe('zigbee2mqtt/pir', () => {}, 0);
      qosLink.subscribe('zigbee2mqtt/pir', () => {}, 1);
      await qosLink.start();
      await until(() => subscribed.length === 4);
      qosLink.subscribe('zigbee2mqtt/fridge', () => {}, 0);
      await until(() => subscribed.length === 5);
      expect(subscribed).toEqual([
        { topic: 'tele/plug/SENSOR', qos: 0 },
        { topic: 'tele/plug/LWT', qos: 1 },
        { topic: 's/door/scan', qos: 1 },
        { topic: 'zigbee2mqtt/pir', qos: 1 },
        { topic: 'zigbee2mqtt/fridge', qos: 0 },
      ]);
    } finally {
      await qosLink.stop();
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise((r) => server.close(r));
    }
  });

  it('says online only once the agent announces it, after the broker has acknowledged its subscriptions', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const statusLink = new MqttLink({
      url: broker.url,
      clientId: 'link-status-test',
      status: { topic: 's/agent/status', online: 'online', offline: 'offline' },
      log: silentLog,
    });
    link = statusLink;
    const watcher = await mqtt.connectAsync(broker.url, { clientId: 'watcher' });
    const said: string[] = [];
    watcher.on('message', (_t, p) => said.push(p.toString()));
    await watcher.subscribeAsync('s/agent/status', { qos: 1 });
    await statusLink.start();
    statusLink.subscribe('s/door/scan', () => {});
    await statusLink.subscribed();
    // A marker through the same broker: anything the link had said would have arrived before it.
    await watcher.publishAsync('s/agent/status', 'marker', { qos: 1 });
    await until(() => said.includes('marker'));
    expect(said).toEqual(['marker']);
    await statusLink.announceOnline();
    await until(() => said.length === 2);
    expect(said).toEqual(['marker', 'online']);
    await watcher.endAsync();
  });
});
