import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubFixture, STATION_A, STATION_B, startHubWithAdmin, sync } from './hub-fixture.ts';

let hub: HubFixture;
let cookie: string;
beforeEach(async () => {
  // The fixture's clock: Saturday 2026-11-28, 10:00 in Shanghai.
  ({ hub, cookie } = await startHubWithAdmin());
});
afterEach(async () => {
  await hub.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const bundleOf = (token: string, id: string, etag?: string) =>
  hub.app.inject({
    method: 'GET',
    url: `/api/v1/stations/${id}/bundle`,
    headers: { authorization: `Bearer ${token}`, ...(etag ? { 'if-none-match': etag } : {}) },
  });

const haircut = {
  title: { zh: '爱心理发', en: 'Free haircut' },
  audience: { zh: '户外劳动者', en: 'Outdoor workers' },
  target: { kind: 'station', stationId: STATION_A.id },
  startsLocal: '2026-11-30T09:00',
  endsLocal: '2026-11-30T11:00',
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
};

describe('schedules in the station bundle', () => {
  it('expands a weekly event in Asia/Shanghai for 14 days, only for its target, and changes the ETag', async () => {
    const first = await bundleOf(hub.tokens.a, STATION_A.id);
    const created = await call('POST', '/api/v1/schedules', haircut);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toEqual({
      id: expect.stringMatching(/^sch-/),
      ...haircut,
      createdAt: '2026-11-28T02:00:00.000Z',
      updatedAt: '2026-11-28T02:00:00.000Z',
    });

    const res = await bundleOf(hub.tokens.a, STATION_A.id, first.headers.etag as string);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).not.toBe(first.headers.etag);
    expect(res.json().events).toEqual([
      {
        id: `${id}@2026-11-30`,
        title: haircut.title,
        audience: haircut.audience,
        startsAt: '2026-11-30T01:00:00.000Z',
        endsAt: '2026-11-30T03:00:00.000Z',
        recurring: true,
        repeats: { zh: '每周一', en: 'Every Monday' },
      },
      {
        id: `${id}@2026-12-07`,
        title: haircut.title,
        audience: haircut.audience,
        startsAt: '2026-12-07T01:00:00.000Z',
        endsAt: '2026-12-07T03:00:00.000Z',
        recurring: true,
        repeats: { zh: '每周一', en: 'Every Monday' },
      },
    ]);
    expect((await bundleOf(hub.tokens.b, STATION_B.id)).json().events).toEqual([]);

    // Monday 10:30 local: the running occurrence stays until it ends, and the next week comes into view.
    hub.clock.now = Date.parse('2026-11-30T02:30:00.000Z');
    const later = (await bundleOf(hub.tokens.a, STATION_A.id)).json().events.map((e: { id: string }) => e.id);
    expect(later).toEqual([`${id}@2026-11-30`, `${id}@2026-12-07`, `${id}@2026-12-14`]);
  });

  it('targets a district, and leaves one-offs outside the 14 days out', async () => {
    await call('POST', '/api/v1/schedules', {
      title: { zh: '普法日 律师坐诊', en: 'Legal-aid day' },
      target: { kind: 'district', district: STATION_B.district },
      startsLocal: '2026-12-04T14:00',
      endsLocal: '2026-12-04T17:00',
    });
    await call('POST', '/api/v1/schedules', {
      title: { zh: '冬至包饺子', en: 'Winter Solstice dumplings' },
      target: { kind: 'all' },
      startsLocal: '2026-12-21T11:00',
      endsLocal: '2026-12-21T13:00',
    });
    expect((await bundleOf(hub.tokens.a, STATION_A.id)).json().events).toEqual([]);
    expect((await bundleOf(hub.tokens.b, STATION_B.id)).json().events).toEqual([
      expect.objectContaining({ startsAt: '2026-12-04T06:00:00.000Z', recurring: false }),
    ]);
  });

  it('refuses a bad recurrence rule or an end before the start, storing nothing', async () => {
    const bad = await call('POST', '/api/v1/schedules', {
      ...haircut,
      rrule: 'FREQ=HOURLY',
      endsLocal: '2026-11-30T08:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([
      { path: 'endsLocal', message: 'must be after the start, within 7 days' },
      { path: 'rrule', message: 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY' },
    ]);
    expect(hub.rows('SELECT * FROM schedules')).toEqual([]);
  });

  it('edits and deletes a schedule', async () => {
    const id = (await call('POST', '/api/v1/schedules', haircut)).json().id;
    const edited = await call('PUT', `/api/v1/schedules/${id}`, { ...haircut, rrule: null });
    expect(edited.json()).toMatchObject({ id, rrule: null });
    expect((await bundleOf(hub.tokens.a, STATION_A.id)).json().events).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/schedules/${id}`)).statusCode).toBe(204);
    expect((await bundleOf(hub.tokens.a, STATION_A.id)).json().events).toEqual([]);
    expect((await call('DELETE', `/api/v1/schedules/${id}`)).statusCode).toBe(404);
  });
});

describe('announcements', () => {
  it('edits an announcement in place, keeps when it was made, and refuses what is not one', async () => {
    const notice = {
      text: { zh: '寒潮来袭，驿站24小时开放', en: 'Cold wave: open 24 hours' },
      target: { kind: 'all' },
      startsAt: '2026-11-28T08:00:00+08:00',
      endsAt: null,
    };
    const made = (await call('POST', '/api/v1/announcements', notice)).json();
    hub.clock.now += 60_000;
    const edited = await call('PUT', `/api/v1/announcements/${made.id}`, {
      ...notice,
      text: { zh: '寒潮来袭，姜茶热粥管够', en: 'Cold wave: ginger tea and porridge' },
      target: { kind: 'district', district: STATION_A.district },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toEqual({
      ...made,
      text: { zh: '寒潮来袭，姜茶热粥管够', en: 'Cold wave: ginger tea and porridge' },
      target: { kind: 'district', district: STATION_A.district },
    });
    expect((await bundleOf(hub.tokens.b, STATION_B.id)).json().announcements).toEqual([]);
    expect((await bundleOf(hub.tokens.a, STATION_A.id)).json().announcements[0].text.zh).toBe('寒潮来袭，姜茶热粥管够');
    expect((await call('PUT', '/api/v1/announcements/ann-none', notice)).statusCode).toBe(404);
    const bad = await call('PUT', `/api/v1/announcements/${made.id}`, { ...notice, endsAt: '2026-11-01T00:00:00Z' });
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/announcements')).json().announcements[0].text.zh).toBe('寒潮来袭，姜茶热粥管够');
  });
});

describe('the rest of the bundle', () => {
  it('carries announcements, the service catalog, nearby stations and the office’s replies', async () => {
    const near = await call('POST', '/api/v1/stations', {
      id: 'quanshan-kuangda',
      name: '矿大南门工会驿站',
      district: '泉山区',
      capacity: 12,
      lat: 34.2702,
      lng: 117.185,
      open24h: false,
      hours: '07:00-21:00',
    });
    expect(near.statusCode).toBe(201);
    expect(near.json().token).toMatch(/^yzst_/);

    await call('POST', '/api/v1/announcements', {
      text: { zh: '寒潮来袭，驿站24小时开放', en: 'Cold wave: open 24 hours' },
      target: { kind: 'all' },
      startsAt: '2026-11-28T08:00:00+08:00',
      endsAt: null,
    });
    await call('POST', '/api/v1/announcements', {
      text: { zh: '已结束', en: 'Over' },
      target: { kind: 'all' },
      startsAt: '2026-11-01T00:00:00Z',
      endsAt: '2026-11-02T00:00:00Z',
    });
    // A service the kiosks have no words for is refused, naming the ones they have.
    const unknown = await call('PUT', `/api/v1/stations/${STATION_A.id}/services`, {
      services: ['water', 'ginger-tea'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues).toEqual([
      { path: 'services.1', message: expect.stringContaining('a service of: water, microwave, fridge') },
    ]);
    await call('PUT', `/api/v1/stations/${STATION_A.id}/services`, { services: ['water', 'microwave', 'hot-drinks'] });
    await sync(hub.app, hub.tokens.a, [
      {
        epoch: 'epoch-0001',
        seq: 1,
        type: 'feedback.created',
        at: '2026-11-28T01:00:00.000Z',
        body: { feedbackId: 'fb-1', category: 'signage', place: '路口' },
      },
    ]);
    await call('PATCH', `/api/v1/stations/${STATION_A.id}/feedback/fb-1`, {
      status: 'assigned',
      assignee: '泉山区总工会',
      reply: '已安排补装指示牌',
    });

    const bundle = (await bundleOf(hub.tokens.a, STATION_A.id)).json();
    expect(bundle.announcements).toEqual([
      expect.objectContaining({
        startsAt: '2026-11-28T00:00:00.000Z',
        endsAt: null,
        text: { zh: '寒潮来袭，驿站24小时开放', en: 'Cold wave: open 24 hours' },
      }),
    ]);
    expect(bundle.services).toEqual(['water', 'microwave', 'hot-drinks']);
    expect(bundle.nearby).toEqual([
      {
        id: 'quanshan-kuangda',
        name: '矿大南门工会驿站',
        district: '泉山区',
        distanceM: 1027,
        open24h: false,
        hours: '07:00-21:00',
      },
    ]);
    expect(bundle.feedbackReplies).toEqual([
      { feedbackId: 'fb-1', status: 'assigned', reply: '已安排补装指示牌', updatedAt: '2026-11-28T02:00:00.000Z' },
    ]);
  });
});
