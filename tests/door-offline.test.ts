/**
 * The door without the hub: with the hub stopped (the station's internet link cut; the agent talks only to
 * its local broker) scans still admit and open, walk-ins still count, and the visits reach the hub once
 * it is back. A member-key rotation done while the station is offline reaches it with the next bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { agentTopics, type DoorResult } from '@yizhan/shared';
import {
  type Agent,
  type AgentConfig,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { waitFor } from './support/wait.ts';

describe('door with the hub away', () => {
  let dir: string;
  let broker: EmbeddedBroker;
  let hub: HubApp | undefined;
  let hubPort = 0;
  let agent: Agent | undefined;
  let config: AgentConfig;
  let probe: MqttProbe;
  const stationId = `offline-${Math.random().toString(36).slice(2, 8)}`;
  const lock = `${stationId}_door`;
  const t = agentTopics(stationId);

  const startHub = async () => {
    hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }));
    await hub.listen({ host: '127.0.0.1', port: hubPort });
    hubPort = (hub.server.address() as { port: number }).port;
    return hub;
  };
  const startAgent = async () => {
    agent = await buildAgent(config);
    await agent.start();
    return agent;
  };
  const hubVisits = () => {
    const db = new Database(join(dir, 'hub.db'), { readonly: true });
    try {
      return (
        db
          .prepare(
            "SELECT json_extract(body, '$.visitId') AS id FROM events WHERE station_id = ? AND type = 'visit.started'",
          )
          .all(stationId) as { id: string }[]
      ).map((r) => r.id);
    } finally {
      db.close();
    }
  };
  const scan = async (code: string): Promise<DoorResult> => {
    const before = probe.on(t.doorResult).length;
    await probe.publish(t.doorScan, code);
    return JSON.parse((await probe.next(t.doorResult, before)).payload);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-door-offline-'));
    broker = await startEmbeddedBroker({ port: 0 });
    const h = await startHub();
    const { token } = await h.admin.ensureStation({
      id: stationId,
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    });
    config = parseAgentConfig(
      {
        station: { id: stationId, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
        // The retirement below must reach the running station soon: its bundle is checked every 0.2 s.
        hub: { url: `http://127.0.0.1:${hubPort}`, token, syncIntervalSeconds: 0.2, bundleIntervalSeconds: 0.2 },
        mqtt: { url: broker.url },
        dataDir: join(dir, 'station'),
        door: { lock: { format: 'tasmota', topic: lock, openSeconds: 5 } },
      },
      dir,
    );
    probe = await MqttProbe.connect(broker.url, [t.doorResult, `cmnd/${lock}/POWER`]);
    await startAgent();
    await waitFor(() => agent!.bundle.current(), { what: 'the first bundle' });
  });

  afterAll(async () => {
    await agent?.close();
    await hub?.close();
    await probe?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits and opens with the hub stopped; the visits arrive when it is back', async () => {
    const code = await hub!.admin.issueMemberCode({ member: 'night-rider', category: 'rider' });
    await hub!.close();
    hub = undefined;

    const unlocksBefore = probe.on(`cmnd/${lock}/POWER`).length;
    const result = await scan(code);
    expect(result).toEqual({ ok: true, visitId: expect.any(String), category: 'rider' });
    expect(
      probe
        .on(`cmnd/${lock}/POWER`)
        .slice(unlocksBefore)
        .map((m) => m.payload),
    ).toEqual(['ON']);
    const walkIn = await agent!.http.inject({
      method: 'POST',
      url: '/api/visits/walk-in',
      payload: { category: 'sanitation' },
    });
    expect(walkIn.statusCode).toBe(201);
    const walkInId = walkIn.json().visitId as string;
    expect(agent!.outbox.pendingCount()).toBeGreaterThanOrEqual(2);
    expect(hubVisits()).toEqual([]);

    await startHub();
    const arrived = await waitFor(
      () => {
        const ids = hubVisits();
        return ids.length === 2 ? ids : undefined;
      },
      { timeoutMs: 15_000, what: 'the visits to reach the hub' },
    );
    expect(arrived.sort()).toEqual([(result as { visitId: string }).visitId, walkInId].sort());
    await waitFor(() => agent!.outbox.pendingCount() === 0, { what: 'the outbox to be acknowledged' });
  });

  it('takes a key rotation made while the station was offline, and refuses the old key once retired', async () => {
    const h = hub!;
    const oldKid = agent!.bundle.current()!.memberKeys.at(-1)!.kid;
    const oldCode = await h.admin.issueMemberCode({ member: 'courier-7', category: 'courier' });
    const oldCode2 = await h.admin.issueMemberCode({ member: 'courier-8', category: 'courier' });
    await agent!.close();
    agent = undefined;

    const { kid } = await h.admin.rotateMemberKey();
    const newCode = await h.admin.issueMemberCode({ member: 'courier-9', category: 'courier' });

    await startAgent();
    // Codes of the old key keep working, before and after the new bundle arrives.
    expect(await scan(oldCode)).toMatchObject({ ok: true, category: 'courier' });
    await waitFor(() => agent!.bundle.current()!.memberKeys.some((k) => k.kid === kid), {
      what: 'the bundle with the new key',
    });
    expect(await scan(newCode)).toMatchObject({ ok: true, category: 'courier' });

    await h.admin.retireMemberKey(oldKid);
    await waitFor(() => agent!.bundle.current()!.memberKeys.find((k) => k.kid === oldKid)?.retired, {
      what: 'the bundle with the old key retired',
    });
    const unlocksBefore = probe.on(`cmnd/${lock}/POWER`).length;
    expect(await scan(oldCode2)).toEqual({ ok: false, reason: 'retired-key' });
    expect(probe.on(`cmnd/${lock}/POWER`).length).toBe(unlocksBefore);
  });
});
