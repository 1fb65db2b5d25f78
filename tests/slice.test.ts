/**
 * The first end-to-end slice, against the embedded broker and again against the machine's Mosquitto:
 * a plug's power crosses the threshold → the kiosk shows "in use"; a member code scanned at the door →
 * a durable visit, one unlock command, a door result → the visit synced → the hub's count for today.
 */
import { agentTopics, type LiveMessage } from '@yizhan/shared';
import { generateMemberKey, signClaims } from '@yizhan/shared/member-code';
import { tasmota, zigbee2mqtt } from '@yizhan/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MqttProbe } from './support/mqtt-probe.ts';
import { MOSQUITTO_URL, type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

describe.each([
  ['the embedded broker (aedes)', undefined],
  ['Mosquitto', MOSQUITTO_URL],
])('first slice on %s', (_name, brokerUrl) => {
  let stack: Stack;
  let probe: MqttProbe;
  let kiosk: WebSocket;
  const live: LiveMessage[] = [];

  beforeAll(async () => {
    stack = await startStack(brokerUrl ? { brokerUrl } : {});
    const t = agentTopics(stack.stationId);
    probe = await MqttProbe.connect(stack.brokerUrl, [
      t.state('+'),
      t.doorResult,
      t.status,
      `cmnd/${stack.topics.lock}/#`,
    ]);
    kiosk = new WebSocket(`${stack.kioskUrl.replace('http', 'ws')}/api/live`);
    kiosk.on('message', (data) => live.push(JSON.parse(data.toString())));
    await waitFor(() => live.find((m) => m.type === 'snapshot'), { what: 'the kiosk snapshot' });
  });

  afterAll(async () => {
    kiosk?.close();
    await probe?.close();
    await stack?.close();
  });

  const kioskStatus = (device: string) =>
    live.flatMap((m) => (m.type === 'device' && m.state.device === device ? [m.state.status] : []));

  it('starts with the station and an unknown microwave on the kiosk, and says online', async () => {
    expect(live[0]).toEqual({
      type: 'snapshot',
      station: { id: stack.stationId, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      devices: [
        {
          device: 'microwave',
          kind: 'appliance',
          label: { zh: '微波炉', en: 'Microwave' },
          online: null,
          updatedAt: null,
          status: 'unknown',
          values: {},
        },
        { device: 'rest-area', kind: 'presence', online: null, updatedAt: null, status: 'unknown', values: {} },
      ],
      occupancy: { inside: 0, capacity: 20, updatedAt: expect.any(String) },
      // The door QR the phone scans (this station has a lock and a hub), and no appliance the office switched off.
      doorQr: { url: expect.stringMatching(/\/d\?c=/), changesAt: expect.any(String) },
      switchedOff: [],
      content: {
        services: ['water', 'microwave', 'rest'],
        events: [],
        announcements: [],
        nearby: [],
        replies: [],
        timezone: 'Asia/Shanghai',
        display: { idleSeconds: 90 },
      },
    });
    const status = await probe.next(agentTopics(stack.stationId).status);
    expect(status).toMatchObject({ payload: 'online', retain: true });
  });

  it('shows the microwave in use when the plug reports 812 W, and free after it drops', async () => {
    const at = new Date('2026-11-28T04:00:00Z');
    const busy = tasmota.sensor(stack.topics.microwave, at, { powerW: 812.4, energyKWh: 30.47 });
    await probe.publish(busy.topic, busy.payload);
    await waitFor(() => kioskStatus('microwave').includes('in-use'), { what: 'the kiosk to show in-use' });

    const retained = await waitFor(() =>
      probe.on(agentTopics(stack.stationId).state('microwave')).find((m) => m.payload.includes('in-use')),
    );
    expect(JSON.parse(retained.payload)).toEqual({
      device: 'microwave',
      kind: 'appliance',
      label: { zh: '微波炉', en: 'Microwave' },
      online: true,
      updatedAt: expect.any(String),
      status: 'in-use',
      values: { powerW: 812.4, energyKWh: 30.47, voltageV: 230, currentA: 3.532 },
    });

    const idle = tasmota.sensor(stack.topics.microwave, at, { powerW: 0.6, energyKWh: 30.48 });
    await probe.publish(idle.topic, idle.payload);
    await waitFor(() => kioskStatus('microwave').at(-1) === 'free', { what: 'the kiosk to show free' });
    const session = stack.agent.db.prepare('SELECT device FROM appliance_sessions').all();
    expect(session).toEqual([{ device: 'microwave' }]);
  });

  it('shows the rest area occupied from the Zigbee2MQTT PIR', async () => {
    const pir = zigbee2mqtt.state(stack.topics.pir, { occupancy: true, battery: 97 });
    await probe.publish(pir.topic, pir.payload);
    await waitFor(() => kioskStatus('rest-area').includes('occupied'), { what: 'the rest area to be occupied' });
  });

  it('admits a member code: one visit row, one unlock command, a door result, and the hub counts it', async () => {
    const t = agentTopics(stack.stationId);
    const code = await stack.hub.admin.issueMemberCode({ member: 'worker-0001', category: 'rider' });
    await probe.publish(t.doorScan, code);

    const result = JSON.parse((await probe.next(t.doorResult)).payload);
    expect(result).toEqual({ ok: true, visitId: expect.any(String), category: 'rider' });
    const unlocks = probe.on(`cmnd/${stack.topics.lock}/POWER`);
    expect(unlocks.map((m) => m.payload)).toEqual(['ON']);

    const visits = stack.agent.db.prepare('SELECT id, method, category, member FROM visits').all();
    expect(visits).toEqual([
      {
        id: result.visitId,
        method: 'code',
        category: 'rider',
        member: await stack.hub.admin.memberPseudonym('worker-0001'),
      },
    ]);
    expect(live.filter((m) => m.type === 'door')).toEqual([{ type: 'door', result }]);

    const cookie = await stack.operatorCookie();
    const count = await waitFor(
      async () => {
        const res = await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/visits`, { headers: { cookie } });
        const body = (await res.json()) as { total: number; byCategory: Record<string, number> };
        return body.total === 1 ? body : undefined;
      },
      { what: 'the hub to count the visit' },
    );
    expect(count).toMatchObject({ station: stack.stationId, total: 1, byCategory: { rider: 1 }, walkIns: 0 });
  });

  it('sets the lock relay to close itself again (PulseTime) when the lock comes online', async () => {
    await probe.publish(`tele/${stack.topics.lock}/LWT`, 'Online');
    const pulse = await probe.next(`cmnd/${stack.topics.lock}/PulseTime`);
    expect(pulse.payload).toBe('50');
  });

  it('refuses a forged and an expired code and opens nothing', async () => {
    const t = agentTopics(stack.stationId);
    const before = probe.on(t.doorResult).length;
    const now = Math.floor(Date.now() / 1000);
    const kid = stack.agent.bundle.current()!.memberKeys[0]!.kid;
    const forged = signClaims(generateMemberKey(kid).signing, {
      kid,
      sub: 'm_forged',
      cat: 'rider',
      iat: now,
      exp: now + 60,
      jti: 'forged-code-0001',
    });
    await probe.publish(t.doorScan, forged);
    expect(JSON.parse((await probe.next(t.doorResult, before)).payload)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });

    // A code the hub issued ten minutes ago, scanned now.
    stack.hubClockOffsetMs = -10 * 60_000;
    const expired = await stack.hub.admin.issueMemberCode({ member: 'worker-0002', category: 'courier' });
    stack.hubClockOffsetMs = 0;
    await probe.publish(t.doorScan, JSON.stringify({ code: expired }));
    expect(JSON.parse((await probe.next(t.doorResult, before + 1)).payload)).toEqual({ ok: false, reason: 'expired' });

    expect(probe.on(`cmnd/${stack.topics.lock}/POWER`)).toHaveLength(1);
    expect(stack.agent.db.prepare('SELECT reason FROM rejected_scans ORDER BY id').all()).toEqual([
      { reason: 'bad-signature' },
      { reason: 'expired' },
    ]);
  });
});
