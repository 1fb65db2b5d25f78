/**
 * People inside survive an agent restart: the station's people counter keeps its running totals, and the
 * agent keeps what they told it in its SQLite file, so a restarted agent (an update, a power blip) shows the
 * same number on the kiosk at once and counts on from there, including who came and went while it was down.
 * Real agent, embedded broker, the counter's real JSON over MQTT, the station's file on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics, type Occupancy } from '@yizhan/shared';
import { genericJson } from '@yizhan/simulator';
import {
  type Agent,
  type AgentConfig,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { waitFor } from './support/wait.ts';

describe('occupancy across an agent restart', () => {
  let dir: string;
  let broker: EmbeddedBroker;
  let probe: MqttProbe;
  let config: AgentConfig;
  let agent: Agent | undefined;
  const id = `occ-${Math.random().toString(36).slice(2, 8)}`;
  const counterTopic = `${id}_entrance`;

  /** The counter's totals since it was installed, as it publishes them; waits until the agent has them. */
  const count = async (totalIn: number, totalOut: number, expectInside: number) => {
    const message = genericJson.counter(counterTopic, new Date(), totalIn, totalOut);
    await probe.publish(message.topic, message.payload);
    await waitFor(() => agent!.occupancy.current.inside === expectInside, {
      what: `${expectInside} inside after ${totalIn} in / ${totalOut} out (now ${agent!.occupancy.current.inside})`,
    });
  };
  const retainedInside = async (): Promise<number> => {
    const reader = await MqttProbe.connect(broker.url, [agentTopics(id).occupancy]);
    try {
      return (JSON.parse((await reader.next(agentTopics(id).occupancy)).payload) as Occupancy).inside;
    } finally {
      await reader.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-occupancy-'));
    broker = await startEmbeddedBroker({ port: 0 });
    config = parseAgentConfig(
      {
        station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
        mqtt: { url: broker.url },
        http: { port: 0 },
        dataDir: join(dir, 'station'),
        devices: [
          {
            id: 'entrance',
            kind: 'people-counter',
            source: { format: 'generic-json', topic: counterTopic, fields: { in: '/in', out: '/out' } },
          },
        ],
      },
      dir,
    );
    probe = await MqttProbe.connect(broker.url);
    agent = await buildAgent(config);
    await agent.start();
  });

  afterAll(async () => {
    await agent?.close();
    await probe?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the same people inside after a restart and counts on from the totals', async () => {
    // The counter has counted for months: its first message is a baseline, then eight in and one out.
    await count(1200, 1190, 0);
    await count(1208, 1191, 7);
    await agent!.close();
    // Clear the retained estimate the first agent left, so that what is read next is the new agent's.
    await probe.publish(agentTopics(id).occupancy, '', true);

    // While the agent is down three come in and one leaves; nobody hears the counter say so.
    agent = await buildAgent(config);
    await agent.start();
    expect(agent.occupancy.current.inside).toBe(7);
    expect(await retainedInside()).toBe(7);

    // The counter's next totals include the three and the one.
    await count(1211, 1192, 9);
    await count(1211, 1196, 5);
  });
});
