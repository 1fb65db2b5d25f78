/**
 * The live channel with several hub processes on one PostgreSQL (as hubs in one test process, each with its own
 * pool and LISTEN connection): a station connected to one hub is known as connected by the others, a request
 * made on another reaches it and its answer comes back, and a revocation made on another reaches it within 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { issueAdmission } from '@yizhan/shared/admission';
import { type Agent, type EmbeddedBroker, startEmbeddedBroker } from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from './support/postgres.ts';
import { startStackAgent } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

describe('live channel across hubs on PostgreSQL', () => {
  let schema: TestSchema;
  let dir: string;
  let broker: EmbeddedBroker;
  let holding: HubApp;
  let other: HubApp;
  let agent: Agent;
  const stationId = `pg-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    schema = await freshSchema('yz_channel');
    dir = mkdtempSync(join(tmpdir(), 'yz-channel-hubs-'));
    broker = await startEmbeddedBroker({ port: 0 });
    const config = parseHubConfig({ database: { engine: 'postgres', url: schema.url, poolSize: 3 } });
    [holding, other] = await Promise.all([buildHub(config), buildHub(config)]);
    await holding.listen({ host: '127.0.0.1', port: 0 });
    const hubUrl = `http://127.0.0.1:${(holding.server.address() as { port: number }).port}`;
    const { token } = await other.admin.ensureStation({
      id: stationId,
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    });
    const topics = { microwave: `${stationId}_mw`, pir: `zigbee2mqtt/${stationId}_pir`, lock: `${stationId}_door` };
    ({ agent } = await startStackAgent({ stationId, hubUrl, token, brokerUrl: broker.url, dir, topics }));
    await waitFor(() => agent.bundle.current() && agent.channel?.connected, { timeoutMs: 10_000, what: 'the channel' });
  });
  afterAll(async () => {
    await agent?.close();
    await Promise.all([holding?.close(), other?.close()]);
    await broker?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is known as connected on the hub that does not hold it', async () => {
    expect(holding.channels.localCount).toBe(1);
    expect(other.channels.localCount).toBe(0);
    await waitFor(() => other.channels.isConnected(stationId), { what: 'the other hub to see the station' });
  });

  it('carries a request made on the other hub to the station and its answer back', async () => {
    const [key] = await schema.query<{ kid: string; privateKeyPem: string }>(
      'SELECT kid, private_key_pem AS "privateKeyPem" FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC',
    );
    const { token } = issueAdmission(
      key!,
      { station: stationId, sub: 'm_cluster', cat: 'driver' },
      Math.floor(Date.now() / 1000),
    );
    const outcome = await other.channels.request(stationId, { type: 'admission', admission: token }, 3_000);
    expect(outcome).toMatchObject({
      ok: true,
      answer: { type: 'admission.result', result: { ok: true, category: 'driver' } },
    });
    expect(agent.visitLog.openVisits()).toBe(1);
  });

  it('brings a revocation made on the other hub to the station within 2 s', async () => {
    const startedAt = performance.now();
    const pseudonym = await other.admin.revokeMember('cluster-rider');
    await waitFor(() => agent.bundle.current()?.revokedMembers.includes(pseudonym), {
      timeoutMs: 2_000,
      intervalMs: 10,
      what: 'the revocation at the station',
    });
    expect(performance.now() - startedAt).toBeLessThan(2_000);
  });

  it('says the station is offline once the holding hub has gone', async () => {
    await holding.close();
    await waitFor(async () => !(await other.channels.isConnected(stationId)), { what: 'the station off the channel' });
    expect(await other.channels.request(stationId, { type: 'screen.capture' }, 1_000)).toEqual({
      ok: false,
      reason: 'station-offline',
    });
  });
});
