import type { OutboxEvent } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EPOCH, type HubFixture, STATION_A, STATION_B, startHubWithAdmin, sync, visit } from './hub-fixture.ts';

let hub: HubFixture;
let cookie: string;
beforeEach(async () => {
  ({ hub, cookie } = await startHubWithAdmin());
});
afterEach(async () => {
  await hub.close();
});

const get = (url: string) => hub.app.inject({ method: 'GET', url, headers: { cookie } });

const member = (seqNo: number, m: string, iso: string): OutboxEvent => ({
  epoch: EPOCH,
  seq: seqNo,
  type: 'visit.started',
  at: iso,
  body: { visitId: `v${seqNo}`, method: 'code', category: 'rider', member: m },
});

// 2026-11-28 in Shanghai; 01:00Z is 09:00 local, 05:30Z is 13:30 local.
const day = [
  member(1, 'm_a', '2026-11-28T01:00:00.000Z'),
  member(2, 'm_a', '2026-11-28T05:30:00.000Z'),
  member(3, 'm_b', '2026-11-28T05:40:00.000Z'),
  visit(4, 'courier', 'walk-in', '2026-11-28T05:45:00.000Z'),
  {
    epoch: EPOCH,
    seq: 5,
    type: 'appliance.session',
    at: '2026-11-28T05:50:00.000Z',
    body: {
      device: 'microwave',
      startedAt: '2026-11-28T05:48:00.000Z',
      endedAt: '2026-11-28T05:50:00.000Z',
      seconds: 120,
    },
  },
  {
    epoch: EPOCH,
    seq: 6,
    type: 'appliance.session',
    at: '2026-11-28T06:00:00.000Z',
    body: {
      device: 'microwave',
      startedAt: '2026-11-28T05:59:00.000Z',
      endedAt: '2026-11-28T06:00:00.000Z',
      seconds: 60,
    },
  },
  { epoch: EPOCH, seq: 7, type: 'occupancy.sample', at: '2026-11-28T05:00:00.000Z', body: { inside: 4, capacity: 20 } },
  { epoch: EPOCH, seq: 8, type: 'occupancy.sample', at: '2026-11-28T06:00:00.000Z', body: { inside: 9, capacity: 20 } },
  { epoch: EPOCH, seq: 9, type: 'occupancy.sample', at: '2026-11-28T07:00:00.000Z', body: { inside: 2, capacity: 20 } },
  {
    epoch: EPOCH,
    seq: 10,
    type: 'alarm.raised',
    at: '2026-11-28T01:00:00.000Z',
    body: { alarmId: 'al-1', rule: 'fridge-too-warm', device: 'fridge', detail: '9.2 °C for 10 min' },
  },
  {
    epoch: EPOCH,
    seq: 11,
    type: 'alarm.cleared',
    at: '2026-11-28T01:30:00.000Z',
    body: { alarmId: 'al-1', rule: 'fridge-too-warm', device: 'fridge' },
  },
  {
    epoch: EPOCH,
    seq: 12,
    type: 'alarm.raised',
    at: '2026-11-28T01:40:00.000Z',
    body: { alarmId: 'al-2', rule: 'device-offline', device: 'microwave', detail: 'no report for 5 min' },
  },
  { epoch: EPOCH, seq: 13, type: 'scan.rejected', at: '2026-11-28T02:00:00.000Z', body: { reason: 'expired' } },
  {
    epoch: EPOCH,
    seq: 14,
    type: 'feedback.created',
    at: '2026-11-28T02:00:00.000Z',
    body: { feedbackId: 'fb-1', category: 'broken', place: '微波炉' },
  },
  { epoch: EPOCH, seq: 15, type: 'heartbeat', at: '2026-11-28T02:00:00.000Z', body: { uptimeSeconds: 3600 } },
] as OutboxEvent[];

const usage = async () => (await get(`/api/v1/stations/${STATION_A.id}/usage?from=2026-11-28&to=2026-11-29`)).json();

describe('office aggregates', () => {
  it('counts visits, members, appliance use, occupancy, alarms, rejections and cases from one day of events', async () => {
    expect((await sync(hub.app, hub.tokens.a, day)).json()).toEqual({ ackSeq: 15 });
    const zero = { rider: 0, courier: 0, driver: 0, sanitation: 0, construction: 0, other: 0 };
    const hours = Array.from({ length: 24 }, () => 0);
    hours[9] = 1;
    hours[13] = 3;
    expect(await usage()).toEqual({
      station: STATION_A.id,
      from: '2026-11-28',
      to: '2026-11-29',
      days: [
        { day: '2026-11-28', total: 4, walkIns: 1, byCategory: { ...zero, rider: 3, courier: 1 } },
        { day: '2026-11-29', total: 0, walkIns: 0, byCategory: zero },
      ],
      hours,
      distinctMembers: 2,
      // No station.devices yet: the device is named by the service its id names.
      appliances: [{ device: 'microwave', label: { zh: '微波炉', en: 'Microwave' }, sessions: 2, minutes: 3 }],
      occupancy: { peak: 9, average: 5 },
      rejectedScans: { expired: 1 },
      alarms: { open: 1, acknowledged: 0, cleared: 1, meanMinutesToAck: null, meanMinutesToClear: 30 },
      feedback: {
        total: 1,
        byCategory: { signage: 0, gate: 0, 'no-signal': 0, unsafe: 0, broken: 1, other: 0 },
        byStatus: { new: 1, assessing: 0, assigned: 0, 'follow-up': 0, resolved: 0 },
        meanHoursToResolve: null,
      },
    });
  });

  it('changes no count when batches are re-sent, split differently or duplicated inside', async () => {
    await sync(hub.app, hub.tokens.a, day);
    const before = await usage();
    const reports = async () =>
      Promise.all(
        ['visits-hourly', 'members-daily', 'appliances', 'occupancy', 'alarms', 'feedback', 'rejections'].map(
          async (t) => (await get(`/api/v1/reports/${t}?from=2026-11-28&to=2026-11-28`)).json(),
        ),
      );
    const reportsBefore = await reports();
    await sync(hub.app, hub.tokens.a, day);
    await sync(hub.app, hub.tokens.a, [...day.slice(3, 9), ...day.slice(3, 9)]);
    await sync(hub.app, hub.tokens.a, day.slice().reverse());
    expect(await usage()).toEqual(before);
    expect(await reports()).toEqual(reportsBefore);
    expect((await get('/api/v1/overview')).json().city).toMatchObject({ todayVisits: 4, yearVisits: 4 });
  });

  it('keeps an alarm whose clear arrives before its raise (out-of-order batches)', async () => {
    await sync(hub.app, hub.tokens.a, [day[10]!]);
    await sync(hub.app, hub.tokens.a, [day[9]!]);
    const res = await get('/api/v1/alarms');
    expect(res.json().alarms).toEqual([
      expect.objectContaining({
        alarmId: 'al-1',
        status: 'cleared',
        raisedAt: '2026-11-28T01:00:00.000Z',
        clearedAt: '2026-11-28T01:30:00.000Z',
        detail: '9.2 °C for 10 min',
      }),
    ]);
  });

  it('gives totals per district and city with today and the year to date', async () => {
    await sync(hub.app, hub.tokens.a, day);
    // Earlier in the year at B, and one late event of last year that must not count this year.
    await sync(hub.app, hub.tokens.b, [
      visit(1, 'driver', 'walk-in', '2026-03-01T02:00:00.000Z'),
      visit(2, 'driver', 'code', '2025-12-31T02:00:00.000Z'),
      visit(3, 'sanitation', 'walk-in', '2026-11-28T03:00:00.000Z'),
    ]);
    const res = await get('/api/v1/overview');
    expect(res.statusCode).toBe(200);
    const row = (district: string, extra: object) => ({
      district,
      stations: 1,
      online: 1,
      offline: 0,
      inside: 0,
      openAlarms: 0,
      unacknowledgedAlarms: 0,
      ...extra,
    });
    expect(res.json()).toEqual({
      asOf: '2026-11-28T02:00:00.000Z',
      today: '2026-11-28',
      offlineAfterSeconds: 180,
      city: {
        stations: 2,
        online: 2,
        offline: 0,
        inside: 2,
        openAlarms: 1,
        unacknowledgedAlarms: 1,
        todayVisits: 5,
        yearVisits: 6,
      },
      districts: [
        row(STATION_A.district, { inside: 2, openAlarms: 1, unacknowledgedAlarms: 1, todayVisits: 4, yearVisits: 4 }),
        row(STATION_B.district, { todayVisits: 1, yearVisits: 2 }),
      ].sort((a, b) => a.district.localeCompare(b.district)),
    });
  });

  it('exports each report as CSV with exactly the rows and values of the JSON API', async () => {
    await sync(hub.app, hub.tokens.a, day);
    await sync(hub.app, hub.tokens.b, [visit(1, 'driver', 'walk-in', '2026-11-28T03:00:00.000Z')]);
    for (const table of ['visits-daily', 'visits-hourly', 'district-visits', 'alarms', 'feedback', 'occupancy']) {
      const json = (await get(`/api/v1/reports/${table}?from=2026-11-01&to=2026-11-30`)).json();
      const csv = await get(`/api/v1/reports/${table}/csv?from=2026-11-01&to=2026-11-30`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="yizhan-${table}-2026-11-01-2026-11-30.csv"`,
      );
      const [header, ...lines] = parseCsv(csv.body.replace(/^\uFEFF/, ''));
      expect(header).toEqual(json.columns);
      expect(json.rows.length).toBeGreaterThan(0);
      expect(lines).toEqual(
        json.rows.map((r: Record<string, unknown>) =>
          json.columns.map((c: string) => (r[c] === null ? '' : String(r[c]))),
        ),
      );
    }
  });

  it('rejects a reversed or too long date range with a specific error', async () => {
    const res = await get('/api/v1/reports/visits-daily?from=2026-11-30&to=2026-11-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'YZ_ERR_INVALID_QUERY',
        message: 'invalid querystring',
        issues: [{ path: 'to', message: 'from must not be after to' }],
      },
    });
    expect((await get('/api/v1/reports/visits-daily?from=2025-01-01&to=2026-11-01')).statusCode).toBe(400);
  });
});

/** A small RFC 4180 reader for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}
