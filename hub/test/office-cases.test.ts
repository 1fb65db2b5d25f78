import type { OutboxEvent } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubFixture, STATION_A, startHubWithAdmin, sync, visit } from './hub-fixture.ts';

let hub: HubFixture;
let cookie: string;
beforeEach(async () => {
  ({ hub, cookie } = await startHubWithAdmin());
});
afterEach(async () => {
  await hub.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const raised = (seq: number, alarmId: string, at: string): OutboxEvent => ({
  epoch: 'epoch-0001',
  seq,
  type: 'alarm.raised',
  at,
  body: { alarmId, rule: 'fridge-too-warm', device: 'fridge', detail: '冰箱温度 9.5 °C' },
});

describe('alarms', () => {
  it('acknowledges an open alarm once, with who and when, and summarises durations', async () => {
    await sync(hub.app, hub.tokens.a, [raised(1, 'al-1', '2026-11-28T01:30:00.000Z')]);
    const ack = await call('POST', `/api/v1/stations/${STATION_A.id}/alarms/al-1/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toEqual({
      stationId: STATION_A.id,
      stationName: STATION_A.name,
      alarmId: 'al-1',
      rule: 'fridge-too-warm',
      device: 'fridge',
      detail: '冰箱温度 9.5 °C',
      facts: null,
      deviceLabel: { zh: '冰箱', en: 'Fridge' },
      status: 'acknowledged',
      raisedAt: '2026-11-28T01:30:00.000Z',
      ackedAt: '2026-11-28T02:00:00.000Z',
      ackedBy: 'office',
      clearedAt: null,
      escalatedAt: null,
    });
    hub.clock.now += 60_000;
    const again = await call('POST', `/api/v1/stations/${STATION_A.id}/alarms/al-1/acknowledge`);
    expect(again.json().ackedAt).toBe('2026-11-28T02:00:00.000Z');

    const list = await call('GET', '/api/v1/alarms?status=acknowledged');
    expect(list.json().alarms.map((a: { alarmId: string }) => a.alarmId)).toEqual(['al-1']);
    expect(list.json().summary).toEqual({
      open: 0,
      acknowledged: 1,
      cleared: 0,
      meanMinutesToAck: 30,
      meanMinutesToClear: null,
    });
    expect((await call('POST', `/api/v1/stations/${STATION_A.id}/alarms/nope/acknowledge`)).json().error.code).toBe(
      'YZ_ERR_NOT_FOUND',
    );
  });
});

describe('feedback cases', () => {
  it('walks a case from the kiosk through assess, assign and follow-up to resolved, with time to resolve', async () => {
    await sync(hub.app, hub.tokens.a, [
      {
        epoch: 'epoch-0001',
        seq: 1,
        type: 'feedback.created',
        at: '2026-11-28T00:00:00.000Z',
        body: { feedbackId: 'fb-9', category: 'unsafe', place: '门口台阶结冰' },
      },
    ]);
    const url = `/api/v1/stations/${STATION_A.id}/feedback/fb-9`;
    expect((await call('PATCH', url, { status: 'assessing' })).json().status).toBe('assessing');
    expect((await call('PATCH', url, { status: 'assigned', assignee: '王师傅' })).json().assignee).toBe('王师傅');
    await call('PATCH', url, { status: 'follow-up', reply: '已铺防滑垫' });
    hub.clock.now = Date.parse('2026-11-28T06:00:00.000Z');
    const done = await call('PATCH', url, { status: 'resolved' });
    expect(done.json()).toEqual({
      stationId: STATION_A.id,
      feedbackId: 'fb-9',
      category: 'unsafe',
      place: '门口台阶结冰',
      createdAt: '2026-11-28T00:00:00.000Z',
      status: 'resolved',
      assignee: '王师傅',
      reply: '已铺防滑垫',
      updatedAt: '2026-11-28T06:00:00.000Z',
      resolvedAt: '2026-11-28T06:00:00.000Z',
    });
    const list = await call('GET', '/api/v1/feedback');
    expect(list.json().summary).toMatchObject({
      total: 1,
      byStatus: { new: 0, assessing: 0, assigned: 0, 'follow-up': 0, resolved: 1 },
      meanHoursToResolve: 6,
    });
    // A re-sent feedback.created does not reopen the case.
    await sync(
      hub.app,
      hub.tokens.a,
      [
        {
          epoch: 'epoch-0002',
          seq: 1,
          type: 'feedback.created',
          at: '2026-11-28T00:00:00.000Z',
          body: { feedbackId: 'fb-9', category: 'unsafe' },
        },
      ],
      'epoch-0002',
    );
    expect((await call('GET', '/api/v1/feedback')).json().cases[0].status).toBe('resolved');
  });

  it('refuses an empty change or an unknown status', async () => {
    const url = `/api/v1/stations/${STATION_A.id}/feedback/fb-1`;
    expect((await call('PATCH', url, {})).statusCode).toBe(400);
    expect((await call('PATCH', url, { status: 'closed' })).json().error.code).toBe('YZ_ERR_INVALID_BODY');
    expect((await call('PATCH', url, { status: 'resolved' })).json().error.code).toBe('YZ_ERR_NOT_FOUND');
  });
});

describe('station registry', () => {
  it('edits, rotates the token of and retires a station; a retired station can no longer sync', async () => {
    const edited = await call('PATCH', `/api/v1/stations/${STATION_A.id}`, { capacity: 24, address: '中山北路1号' });
    expect(edited.json()).toMatchObject({ capacity: 24, address: '中山北路1号', name: STATION_A.name, lat: 34.261 });

    const rotated = await call('POST', `/api/v1/stations/${STATION_A.id}/token`);
    const token = rotated.json().token as string;
    expect((await sync(hub.app, hub.tokens.a, [visit(1, 'rider')])).statusCode).toBe(401);
    expect((await sync(hub.app, token, [visit(1, 'rider')])).statusCode).toBe(200);
    expect(hub.rows('SELECT token_hash FROM stations WHERE id = ?', STATION_A.id)[0]).not.toEqual({
      token_hash: token,
    });

    const retired = await call('POST', `/api/v1/stations/${STATION_A.id}/retire`);
    expect(retired.json().retiredAt).toBe('2026-11-28T02:00:00.000Z');
    expect((await sync(hub.app, token, [visit(2, 'rider')])).statusCode).toBe(401);
    expect((await call('POST', `/api/v1/stations/${STATION_A.id}/token`)).json().error.code).toBe(
      'YZ_ERR_STATION_RETIRED',
    );
    const status = (await call('GET', '/api/v1/status')).json().stations.map((s: { id: string }) => s.id);
    expect(status).not.toContain(STATION_A.id);
    // Its history stays in the reports.
    const report = (await call('GET', '/api/v1/reports/visits-daily?from=2026-11-28&to=2026-11-28')).json();
    expect(report.rows).toEqual([
      { period: '2026-11-28', stationId: STATION_A.id, category: 'rider', method: 'code', count: 1 },
    ]);
  });
});
