/**
 * `publishJson` takes an agent-owned topic only with the payload its schema describes: a wrong pair does not
 * compile (the `@ts-expect-error` lines fail `pnpm typecheck` the day they would), and a right one goes out
 * as the JSON its schema reads back.
 */
import { agentTopicPayloads, agentTopics, type DeviceState, type Occupancy } from '@yizhan/shared';
import mqtt from 'mqtt';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait.ts';
import { silentLog } from '../../src/log.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embedded-broker.ts';
import { MqttLink } from '../../src/mqtt/link.ts';

let broker: EmbeddedBroker | undefined;
let link: MqttLink | undefined;
afterEach(async () => {
  await link?.stop();
  await broker?.close();
});

const topics = agentTopics('quanshan-sanbao');
const occupancy: Occupancy = { inside: 7, capacity: 20, updatedAt: '2026-11-28T08:00:05.000Z' };
const microwave: DeviceState = {
  device: 'microwave',
  kind: 'appliance',
  online: true,
  updatedAt: '2026-11-28T08:00:05.000Z',
  status: 'in-use',
  values: { powerW: 812.4, on: true, energyKWh: 30.47 },
};

it('publishes a topic with its own payload, and refuses to compile any other pair', async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  link = new MqttLink({ url: broker.url, clientId: 'publish-json-test', log: silentLog });
  await link.start();
  const reader = await mqtt.connectAsync(broker.url, { clientId: 'reader' });
  await reader.subscribeAsync([topics.occupancy, topics.state('microwave')], { qos: 1 });
  const got = new Map<string, unknown>();
  reader.on('message', (topic, payload) => got.set(topic, JSON.parse(payload.toString())));

  await link.publishJson(topics.occupancy, occupancy);
  await link.publishJson(topics.state('microwave'), microwave, { retain: true });
  await waitFor(() => got.size === 2 || undefined, { what: 'both messages' });
  expect(agentTopicPayloads.occupancy.parse(got.get(topics.occupancy))).toEqual(occupancy);
  expect(agentTopicPayloads.state.parse(got.get(topics.state('microwave')))).toEqual(microwave);
  await reader.endAsync();

  const typeChecks = (l: MqttLink) => {
    // @ts-expect-error a device state is not what the occupancy topic carries
    void l.publishJson(topics.occupancy, microwave);
    // @ts-expect-error an occupancy is not a door result
    void l.publishJson(topics.doorResult, occupancy);
    // @ts-expect-error a plain string is no agent-owned topic
    void l.publishJson('yizhan/quanshan-sanbao/occupancy', occupancy);
  };
  expect(typeof typeChecks).toBe('function');
});
