import type { OutboxEvent } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EPOCH,
  type HubFixture,
  heartbeat,
  rejection,
  STATION_A,
  STATION_B,
  startHubFixture,
  sync,
  visit,
} from './hub-fixture.ts';

let hub: HubFixture;
beforeEach(async () => {
  hub = await startHubFixture();
});
afterEach(async () => {
  await hub.close();
});

const visitCounts = () =>
  hub.rows('SELECT station_id, day, category, method, count FROM daily_visits ORDER BY station_id, category, method');
const eventCount = () => hub.rows<{ n: number }>('SELECT count(*) AS n FROM events')[0]!.n;

describe('POST /api/v1/sync', () => {
  it('stores a batch, counts visits and rejections, acks its last seq and marks the station seen', async () => {
    const res = await sync(hub.app, hub.tokens.a, [
      visit(1, 'rider'),
      visit(2, 'courier', 'walk-in'),
      rejection(3, 'expired'),
      heartbeat(4),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ackSeq: 4 });
    expect(eventCount()).toBe(4);
    expect(visitCounts()).toEqual([
      { station_id: STATION_A.id, day: '2026-11-28', category: 'courier', method: 'walk-in', count: 1 },
      { station_id: STATION_A.id, day: '2026-11-28', category: 'rider', method: 'code', count: 1 },
    ]);
    expect(hub.rows('SELECT station_id, reason, count FROM daily_rejections')).toEqual([
      { station_id: STATION_A.id, reason: 'expired', count: 1 },
    ]);
    expect(hub.rows('SELECT station_id, epoch, ack_seq FROM sync_cursors')).toEqual([
      { station_id: STATION_A.id, epoch: EPOCH, ack_seq: 4 },
    ]);
    expect(hub.rows('SELECT id, last_seen_at FROM stations ORDER BY id')).toEqual([
      { id: STATION_B.id, last_seen_at: null },
      { id: STATION_A.id, last_seen_at: '2026-11-28T02:00:00.000Z' },
    ]);
  });

  it('is idempotent: a re-sent batch and duplicates inside a batch change no count', async () => {
    const batch = [visit(1, 'rider'), visit(2, 'rider'), rejection(3, 'replayed')];
    expect((await sync(hub.app, hub.tokens.a, batch)).json()).toEqual({ ackSeq: 3 });
    const before = visitCounts();

    const again = await sync(hub.app, hub.tokens.a, batch);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ackSeq: 3 });

    // Overlapping batch: two old events, one new, and the new one twice.
    const overlap = await sync(hub.app, hub.tokens.a, [
      visit(2, 'rider'),
      visit(3, 'rider'),
      visit(4, 'driver'),
      visit(4, 'driver'),
    ]);
    expect(overlap.json()).toEqual({ ackSeq: 4 });

    expect(eventCount()).toBe(4);
    expect(before).toEqual([
      { station_id: STATION_A.id, day: '2026-11-28', category: 'rider', method: 'code', count: 2 },
    ]);
    expect(visitCounts()).toEqual([
      { station_id: STATION_A.id, day: '2026-11-28', category: 'driver', method: 'code', count: 1 },
      { station_id: STATION_A.id, day: '2026-11-28', category: 'rider', method: 'code', count: 2 },
    ]);
    expect(hub.rows('SELECT count FROM daily_rejections')).toEqual([{ count: 1 }]);
    // The stored seq 3 is the first one received (the rejection), not the re-sent visit.
    expect(hub.rows('SELECT type FROM events WHERE seq = 3')).toEqual([{ type: 'scan.rejected' }]);
  });

  it('acks only up to the first gap and advances when the gap fills', async () => {
    expect((await sync(hub.app, hub.tokens.a, [visit(3, 'rider'), visit(4, 'rider')])).json()).toEqual({ ackSeq: 0 });
    expect((await sync(hub.app, hub.tokens.a, [visit(1, 'rider')])).json()).toEqual({ ackSeq: 1 });
    expect((await sync(hub.app, hub.tokens.a, [visit(6, 'rider')])).json()).toEqual({ ackSeq: 1 });
    expect((await sync(hub.app, hub.tokens.a, [visit(2, 'rider')])).json()).toEqual({ ackSeq: 4 });
    expect((await sync(hub.app, hub.tokens.a, [visit(5, 'rider')])).json()).toEqual({ ackSeq: 6 });
    expect(hub.rows('SELECT ack_seq FROM sync_cursors')).toEqual([{ ack_seq: 6 }]);
    expect(hub.rows('SELECT count FROM daily_visits')).toEqual([{ count: 6 }]);
  });

  it('acks through a batch in any order, with duplicates, up to the gap after it and over seqs held before', async () => {
    // Held ahead of the cursor: 6 and 7 (out of order), so a batch ending at 5 acks through them to 7.
    expect((await sync(hub.app, hub.tokens.a, [visit(7, 'rider'), visit(6, 'rider')])).json()).toEqual({ ackSeq: 0 });
    expect(
      (
        await sync(hub.app, hub.tokens.a, [visit(3, 'rider'), visit(1, 'rider'), visit(2, 'rider'), visit(2, 'rider')])
      ).json(),
    ).toEqual({ ackSeq: 3 });
    // The batch's own hole (4 missing) stops it at 3 although 5 is in it.
    expect((await sync(hub.app, hub.tokens.a, [visit(5, 'rider'), visit(9, 'rider')])).json()).toEqual({ ackSeq: 3 });
    expect((await sync(hub.app, hub.tokens.a, [visit(4, 'rider')])).json()).toEqual({ ackSeq: 7 });
    // A re-sent old batch leaves the cursor where it is.
    expect((await sync(hub.app, hub.tokens.a, [visit(1, 'rider'), visit(2, 'rider')])).json()).toEqual({ ackSeq: 7 });
    expect((await sync(hub.app, hub.tokens.a, [visit(8, 'rider')])).json()).toEqual({ ackSeq: 9 });
    expect(hub.rows('SELECT ack_seq FROM sync_cursors')).toEqual([{ ack_seq: 9 }]);
    expect(hub.rows('SELECT count FROM daily_visits')).toEqual([{ count: 9 }]);
  });

  it('counts one batch that crosses local hours and midnight (Asia/Shanghai) under each hour and day', async () => {
    const member = (seq: number, m: string, at: string): OutboxEvent => ({
      epoch: EPOCH,
      seq,
      type: 'visit.started',
      at,
      body: { visitId: `v${seq}`, method: 'code', category: 'rider', member: m },
    });
    const occupancy = (seq: number, inside: number, at: string) => ({
      epoch: EPOCH,
      seq,
      type: 'occupancy.sample' as const,
      at,
      body: { inside, capacity: 20 },
    });
    // 15:xxZ is 23:xx on the 27th in Shanghai; 16:xxZ is 00:xx on the 28th.
    const res = await sync(hub.app, hub.tokens.a, [
      member(1, 'm_a', '2026-11-27T15:10:00.000Z'),
      member(2, 'm_a', '2026-11-27T15:59:59.999Z'),
      visit(3, 'courier', 'walk-in', '2026-11-27T15:30:00.000Z'),
      occupancy(4, 6, '2026-11-27T15:20:00.000Z'),
      member(5, 'm_a', '2026-11-27T16:00:00.000Z'),
      member(6, 'm_"引号\\', '2026-11-27T16:05:00+00:00'),
      occupancy(7, 3, '2026-11-27T16:40:00.000Z'),
      occupancy(8, 5, '2026-11-27T17:01:00.000Z'),
      visit(9, 'rider', 'walk-in', '2026-11-27T17:59:00.000Z'),
    ]);
    expect(res.json()).toEqual({ ackSeq: 9 });
    expect(hub.rows('SELECT hour, category, method, count FROM hourly_visits ORDER BY hour, category')).toEqual([
      { hour: '2026-11-27T23', category: 'courier', method: 'walk-in', count: 1 },
      { hour: '2026-11-27T23', category: 'rider', method: 'code', count: 2 },
      { hour: '2026-11-28T00', category: 'rider', method: 'code', count: 2 },
      { hour: '2026-11-28T01', category: 'rider', method: 'walk-in', count: 1 },
    ]);
    expect(hub.rows('SELECT day, category, method, count FROM daily_visits ORDER BY day, category, method')).toEqual([
      { day: '2026-11-27', category: 'courier', method: 'walk-in', count: 1 },
      { day: '2026-11-27', category: 'rider', method: 'code', count: 2 },
      { day: '2026-11-28', category: 'rider', method: 'code', count: 2 },
      { day: '2026-11-28', category: 'rider', method: 'walk-in', count: 1 },
    ]);
    // A member counts once a day, in each day they came; the pseudonym is stored exactly as sent.
    expect(hub.rows('SELECT day, member FROM member_days ORDER BY day, member')).toEqual([
      { day: '2026-11-27', member: 'm_a' },
      { day: '2026-11-28', member: 'm_"引号\\' },
      { day: '2026-11-28', member: 'm_a' },
    ]);
    expect(hub.rows('SELECT day, samples, inside_sum, peak FROM daily_occupancy ORDER BY day')).toEqual([
      { day: '2026-11-27', samples: 1, inside_sum: 6, peak: 6 },
      { day: '2026-11-28', samples: 2, inside_sum: 8, peak: 5 },
    ]);
    // The live row follows the newest day with that day's full count, and the newest sample.
    expect(hub.rows('SELECT today, today_visits, year, year_visits, inside, inside_at FROM station_live')).toEqual([
      {
        today: '2026-11-28',
        today_visits: 3,
        year: '2026',
        year_visits: 6,
        inside: 5,
        inside_at: '2026-11-27T17:01:00.000Z',
      },
    ]);
  });

  it('keeps a cursor per epoch: a new epoch starts again from 1', async () => {
    await sync(hub.app, hub.tokens.a, [visit(1, 'rider'), visit(2, 'rider')]);
    const fresh = await sync(hub.app, hub.tokens.a, [visit(2, 'rider', 'code', undefined, 'epoch-0002')], 'epoch-0002');
    expect(fresh.json()).toEqual({ ackSeq: 0 });
    expect(hub.rows('SELECT epoch, ack_seq FROM sync_cursors ORDER BY epoch')).toEqual([
      { epoch: 'epoch-0001', ack_seq: 2 },
      { epoch: 'epoch-0002', ack_seq: 0 },
    ]);
  });

  it('counts a visit under the local (Asia/Shanghai) day of its time', async () => {
    // 16:30 UTC on the 27th is 00:30 on the 28th in Shanghai; 15:59 UTC is still the 27th.
    await sync(hub.app, hub.tokens.a, [
      visit(1, 'rider', 'code', '2026-11-27T16:30:00.000Z'),
      visit(2, 'rider', 'code', '2026-11-27T15:59:59.000+00:00'),
    ]);
    expect(hub.rows('SELECT day, count FROM daily_visits ORDER BY day')).toEqual([
      { day: '2026-11-27', count: 1 },
      { day: '2026-11-28', count: 1 },
    ]);
  });

  it('refuses a bad body with 400, names the field, and changes nothing', async () => {
    await sync(hub.app, hub.tokens.a, [visit(1, 'rider')]);
    const snapshot = () => ({
      events: hub.rows('SELECT * FROM events'),
      visits: visitCounts(),
      cursors: hub.rows('SELECT station_id, epoch, ack_seq FROM sync_cursors'),
    });
    const before = snapshot();

    const badCategory = await sync(hub.app, hub.tokens.a, [
      visit(2, 'rider'),
      { ...visit(3, 'rider'), body: { visitId: 'v3', method: 'code', category: 'astronaut' } } as never,
    ]);
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json()).toMatchObject({
      error: { code: 'YZ_ERR_INVALID_BODY', issues: [expect.objectContaining({ path: 'events.1.body.category' })] },
    });

    const wrongEpoch = await sync(hub.app, hub.tokens.a, [visit(2, 'rider', 'code', undefined, 'epoch-other')]);
    expect(wrongEpoch.statusCode).toBe(400);
    expect(wrongEpoch.json()).toEqual({
      error: {
        code: 'YZ_ERR_INVALID_BODY',
        message: 'invalid body',
        issues: [{ path: 'events.0.epoch', message: 'must equal the batch epoch' }],
      },
    });

    const empty = await sync(hub.app, hub.tokens.a, []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('YZ_ERR_INVALID_BODY');

    const notJson = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${hub.tokens.a}`, 'content-type': 'application/json' },
      payload: '{"epoch":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('YZ_ERR_INVALID_JSON');

    expect(snapshot()).toEqual(before);
  });

  it('needs a valid station token (401) and writes only under the token’s own station', async () => {
    const none = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      payload: { epoch: EPOCH, events: [visit(1, 'rider')] },
    });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="yizhan-hub"');
    expect(none.json()).toEqual({
      error: { code: 'YZ_ERR_UNAUTHENTICATED', message: 'a valid station token is required' },
    });
    const forged = await sync(hub.app, 'yzst_not-a-real-token', [visit(1, 'rider')]);
    expect(forged.statusCode).toBe(401);
    expect(eventCount()).toBe(0);

    // B's token: whatever it sends lands under B, never A.
    expect((await sync(hub.app, hub.tokens.b, [visit(1, 'courier')])).json()).toEqual({ ackSeq: 1 });
    expect(hub.rows('SELECT station_id, seq FROM events')).toEqual([{ station_id: STATION_B.id, seq: 1 }]);
    // A's cursor for the same epoch is untouched by B.
    expect((await sync(hub.app, hub.tokens.a, [visit(2, 'rider')])).json()).toEqual({ ackSeq: 0 });
  });

  it('stops accepting a station token once it is rotated', async () => {
    const { token } = await hub.app.admin.rotateStationToken(STATION_A.id);
    expect(token).toMatch(/^yzst_[A-Za-z0-9_-]{43}$/);
    expect((await sync(hub.app, hub.tokens.a, [visit(1, 'rider')])).statusCode).toBe(401);
    expect((await sync(hub.app, token, [visit(1, 'rider')])).json()).toEqual({ ackSeq: 1 });
    // Only the hash is stored.
    expect(hub.rows('SELECT count(*) AS n FROM stations WHERE token_hash = ?', token)).toEqual([{ n: 0 }]);
  });
});
