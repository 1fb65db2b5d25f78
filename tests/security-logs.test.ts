/**
 * Secrets never reach the logs. A hub and an agent log at `trace` into buffers while an operator signs
 * in (and fails to), the station syncs with its bearer token, the member app issues codes with its
 * integration key, a worker opens the member page, the office rotates the station's token (so the agent's
 * next sync fails with the old one), and codes are scanned. No password, token, session id, integration
 * key, member link, member code, MQTT password or private key text may appear in a single log line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { waitFor } from './support/wait.ts';

const hubLog: string[] = [];
const agentLog: string[] = [];
const sink = (lines: string[]) => ({ level: 'trace', stream: { write: (line: string) => void lines.push(line) } });

let dir: string;
let broker: EmbeddedBroker;
let hub: HubApp;
let agent: Agent;
let hubUrl: string;
const secrets: Record<string, string> = {
  operatorPassword: 'correct horse battery staple',
  wrongPassword: 'wrong horse battery staple',
  mqttPassword: 'mqtt-password-for-the-agent',
};
const STATION = `logs-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-logs-'));
  broker = await startEmbeddedBroker({ port: 0 });
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }), { logger: sink(hubLog) });
  await hub.listen({ host: '127.0.0.1', port: 0 });
  hubUrl = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
  secrets.stationToken = (
    await hub.admin.addStation({
      id: STATION,
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    })
  ).token;
  await hub.admin.addOperator({ username: 'office', password: secrets.operatorPassword!, role: 'admin' });
  secrets.integrationKey = (await hub.admin.addIntegration('member-app')).key;
  secrets.memberLink = (await hub.admin.addMemberLink({ member: 'M-logs', category: 'courier' })).token;

  const config = parseAgentConfig(
    {
      station: { id: STATION, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      hub: { url: hubUrl, token: secrets.stationToken, syncIntervalSeconds: 0.2 },
      mqtt: { url: broker.url, username: 'agent', password: secrets.mqttPassword },
      dataDir: join(dir, 'station'),
      door: { lock: { format: 'tasmota', topic: `${STATION}_door`, openSeconds: 5 } },
      devices: [],
      services: ['water'],
    },
    dir,
  );
  agent = await buildAgent(config, { logger: sink(agentLog) });
  await agent.start();
  await waitFor(() => agent.bundle.current(), { what: 'the first bundle' });
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets in logs', () => {
  it('appear in no line of the hub’s or the agent’s trace log, through every flow that handles one', async () => {
    // Sign-in: right, wrong, and a body that does not parse (its error quotes the JSON).
    const signIn = await hub.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'office', password: secrets.operatorPassword },
    });
    expect(signIn.statusCode).toBe(200);
    secrets.sessionId = signIn.cookies[0]!.value;
    const cookie = `yz_session=${secrets.sessionId}`;
    await hub.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'office', password: secrets.wrongPassword },
    });
    await hub.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"office","password":"${secrets.wrongPassword}"`,
    });

    // The member app issues a code; the worker's member page renews one.
    const issued = await hub.inject({
      method: 'POST',
      url: '/api/v1/member-codes',
      headers: { authorization: `Bearer ${secrets.integrationKey}` },
      payload: { member: 'M-logs-2', category: 'rider' },
    });
    expect(issued.statusCode).toBe(201);
    secrets.memberCode = issued.json().code;
    expect((await hub.inject({ method: 'GET', url: `/m/${secrets.memberLink}` })).statusCode).toBe(200);
    const renewed = await hub.inject({ method: 'GET', url: `/m/${secrets.memberLink}/code` });
    expect(renewed.statusCode).toBe(200);
    secrets.pageCode = renewed.json().code;
    await hub.inject({ method: 'GET', url: `/m/${secrets.memberLink}/no-such-page` });
    await hub.inject({
      method: 'POST',
      url: '/api/v1/member-codes',
      headers: { authorization: `Bearer ${secrets.integrationKey}x` },
      payload: { member: 'M-logs-2', category: 'rider' },
    });

    // Scans: one over the kiosk API, one from the door scanner over MQTT, one forged.
    const scanned = await agent.http.inject({
      method: 'POST',
      url: '/api/door/scan',
      payload: { code: secrets.memberCode },
    });
    expect(scanned.json()).toMatchObject({ ok: true });
    const probe = await MqttProbe.connect(broker.url);
    await probe.publish(`yizhan/${STATION}/door/scan`, secrets.pageCode!);
    await probe.publish(`yizhan/${STATION}/door/scan`, `${secrets.pageCode}x`);
    await probe.close();
    await waitFor(() => agent.outbox.pendingCount() === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'the visits synced',
    });

    // The office rotates the station's token: the agent's next syncs fail with the old one, and log that.
    const rotated = await hub.inject({
      method: 'POST',
      url: `/api/v1/stations/${STATION}/token`,
      headers: { cookie },
    });
    expect(rotated.statusCode).toBe(200);
    secrets.rotatedToken = rotated.json().token;
    const failuresBefore = agentLog.length;
    await hub.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${secrets.rotatedToken}` },
      payload: { epoch: 'x', events: [] },
    });
    // A walk-in gives the agent something to send with the old token.
    const walkIn = await agent.http.inject({
      method: 'POST',
      url: '/api/visits/walk-in',
      payload: { category: 'courier' },
    });
    expect(walkIn.statusCode).toBe(201);
    await waitFor(() => agentLog.slice(failuresBefore).some((l) => /sync/.test(l)) || undefined, {
      timeoutMs: 10_000,
      what: 'the agent logging a failed sync',
    });
    await hub.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });

    // Secrets kept in the hub's database: the member keys' private halves and the pseudonym secret.
    const db = new Database(join(dir, 'hub.db'), { readonly: true });
    const pems = db.prepare('SELECT private_key_pem FROM member_keys').pluck().all() as string[];
    const stored = db.prepare('SELECT value FROM hub_secrets').pluck().all() as string[];
    db.close();
    pems.forEach((pem, i) => {
      // Any line of the key body is enough to leak it.
      secrets[`privateKey${i}`] = pem.split('\n')[1]!;
    });
    stored.forEach((value, i) => {
      secrets[`hubSecret${i}`] = String(value);
    });

    expect(hubLog.length).toBeGreaterThan(20);
    // The scan request and the failed sync at least.
    expect(agentLog.length).toBeGreaterThanOrEqual(3);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      for (const [where, log] of [
        ['hub', hubLog],
        ['agent', agentLog],
      ] as const) {
        const leaks = log.filter((line) => line.includes(secret));
        expect(leaks, `${name} in the ${where} log`).toEqual([]);
      }
    }
    // The request lines are still there, with the member link cut short.
    expect(hubLog.some((l) => l.includes('"url":"/m/yzml_…"'))).toBe(true);
  });
});
