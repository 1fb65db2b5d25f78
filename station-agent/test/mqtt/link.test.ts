import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embedded-broker.ts';
import { MqttLink } from '../../src/mqtt/link.ts';

async function until(probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('mqtt link', () => {
  let broker: EmbeddedBroker | undefined;
  let link: MqttLink | undefined;
  afterEach(async () => {
    await link?.stop();
    await broker?.close();
  });

  it('hands each message to its exact and wildcard handlers; a throwing handler stops no other', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const warnings: string[] = [];
    link = new MqttLink({
      url: broker.url,
      clientId: 'link-test',
      status: { topic: 's/agent/status', online: 'online', offline: 'offline' },
      log: { info: () => {}, warn: (m) => warnings.push(m) },
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
    expect(warnings).toEqual(['mqtt: handler for tele/plug/SENSOR failed on tele/plug/SENSOR: broken handler']);
    await device.endAsync();
  });
});
