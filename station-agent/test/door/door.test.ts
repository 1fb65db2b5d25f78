import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, DoorResult } from '@yizhan/shared';
import { generateMemberKey, issueMemberCode, signClaims } from '@yizhan/shared/member-code';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { type Admitted, Door } from '../../src/door/door.ts';
import { VisitLog } from '../../src/door/visit-log.ts';
import { BundleCache } from '../../src/store/bundle-cache.ts';
import { Outbox } from '../../src/store/outbox.ts';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const nowSeconds = NOW / 1000;
const key = generateMemberKey('k1');
const retired = generateMemberKey('k0');
const bundle: Bundle = {
  version: 'v1',
  station: { id: 'quanshan-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
  memberKeys: [
    { ...retired.public, retired: true },
    key.public,
    { ...generateMemberKey('k-rsa').public, alg: 'RS256' },
  ],
  revokedMembers: ['m_revoked'],
  announcements: [],
  events: [],
  nearby: [],
  services: [],
  feedbackReplies: [],
};

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const clock = { now: NOW };

function station(path = join(mkdtempSync(join(tmpdir(), 'yz-door-')), 'station.db'), withBundle = true) {
  clock.now = NOW;
  const db = openStationDatabase(path);
  open.push(db);
  const outbox = new Outbox(db);
  const cache = new BundleCache(db);
  if (withBundle) cache.save(bundle, new Date(NOW));
  const unlocks: Admitted[] = [];
  const announced: DoorResult[] = [];
  const visitLog = new VisitLog(db, outbox);
  const door = new Door({
    stationId: 'quanshan-sanbao',
    visitLog,
    bundle: cache,
    now: () => clock.now,
    stay: { exitAfterSeconds: 60, maxStaySeconds: 4 * 3600 },
    unlock: async (result) => {
      // The visit is durable before the unlock: a second connection already sees it.
      const seen = new Database(path, { readonly: true });
      try {
        expect(seen.prepare('SELECT count(*) AS n FROM visits WHERE id = ?').get(result.visitId)).toEqual({ n: 1 });
      } finally {
        seen.close();
      }
      unlocks.push(result);
    },
    announce: (r) => announced.push(r),
  });
  return { path, db, door, visitLog, unlocks, announced };
}

const rows = (db: Db, sql: string) => db.prepare(sql).all();

describe('door', () => {
  it('admits a valid code: visit and outbox event committed, then one unlock and the result', async () => {
    const s = station();
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds - 5);
    const result = await s.door.scan(Buffer.from(code));
    expect(result).toEqual({ ok: true, visitId: expect.any(String), category: 'rider' });
    expect(s.unlocks).toHaveLength(1);
    expect(s.announced).toEqual([result]);
    const visitId = (result as { visitId: string }).visitId;
    expect(rows(s.db, 'SELECT id, method, category, member, started_at FROM visits')).toEqual([
      { id: visitId, method: 'code', category: 'rider', member: 'm_abc', started_at: '2026-11-28T03:00:00.000Z' },
    ]);
    expect(rows(s.db, 'SELECT seq, type, body FROM outbox')).toEqual([
      {
        seq: 1,
        type: 'visit.started',
        body: JSON.stringify({ visitId, method: 'code', category: 'rider', member: 'm_abc' }),
      },
    ]);
  });

  it('keeps the visit and says the lock did not answer when the unlock cannot reach the broker', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yz-door-')), 'station.db');
    const db = openStationDatabase(path);
    open.push(db);
    const cache = new BundleCache(db);
    cache.save(bundle, new Date(NOW));
    const announced: DoorResult[] = [];
    const failures: string[] = [];
    const door = new Door({
      stationId: 'quanshan-sanbao',
      visitLog: new VisitLog(db, new Outbox(db)),
      bundle: cache,
      now: () => clock.now,
      unlock: async () => {
        throw new Error('client disconnecting');
      },
      announce: (r) => announced.push(r),
      unlockFailed: (err) => failures.push(err.message),
    });
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds - 5);
    const result = await door.scan(Buffer.from(code));
    expect(result).toEqual({ ok: true, visitId: expect.any(String), category: 'rider', lock: 'no-answer' });
    expect(announced).toEqual([result]);
    expect(failures).toEqual(['client disconnecting']);
    expect(rows(db, 'SELECT member FROM visits')).toEqual([{ member: 'm_abc' }]);
  });

  it('reads a JSON-wrapped code from the scanner', async () => {
    const s = station();
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'courier' }, nowSeconds);
    expect(await s.door.scan(JSON.stringify({ code }))).toMatchObject({ ok: true, category: 'courier' });
  });

  it('refuses a replay, also after the agent restarts', async () => {
    const first = station();
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds);
    expect((await first.door.scan(code)).ok).toBe(true);
    expect(await first.door.scan(code)).toEqual({ ok: false, reason: 'replayed' });
    first.db.close();
    open.splice(open.indexOf(first.db), 1);
    const restarted = station(first.path, false);
    expect(await restarted.door.scan(code)).toEqual({ ok: false, reason: 'replayed' });
    expect(restarted.unlocks).toHaveLength(0);
    expect(rows(restarted.db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 1 }]);
  });

  const forger = generateMemberKey('k1');
  const otherKey = generateMemberKey('k9');
  const claims = { kid: 'k1', sub: 'm_abc', cat: 'rider', iat: nowSeconds, exp: nowSeconds + 60, jti: 'abcdefghijkl' };
  it.each<[string, () => string, string]>([
    ['a forged signature', () => signClaims(forger.signing, claims), 'bad-signature'],
    ['an unknown key', () => signClaims(otherKey.signing, { ...claims, kid: 'k9' }), 'unknown-key'],
    ['a retired key', () => signClaims(retired.signing, { ...claims, kid: 'k0' }), 'retired-key'],
    ['a key of another algorithm', () => signClaims(key.signing, { ...claims, kid: 'k-rsa' }), 'wrong-algorithm'],
    ['a forgery naming the retired key', () => signClaims(forger.signing, { ...claims, kid: 'k0' }), 'bad-signature'],
    [
      'an expired code',
      () => issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds - 200, 120),
      'expired',
    ],
    [
      'a code from the future',
      () => issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds + 100),
      'not-yet-valid',
    ],
    [
      'a code that lives too long',
      () => signClaims(key.signing, { ...claims, exp: nowSeconds + 3600 }),
      'lifetime-too-long',
    ],
    ['a revoked member', () => issueMemberCode(key.signing, { sub: 'm_revoked', cat: 'rider' }, nowSeconds), 'revoked'],
    ['another version', () => signClaims(key.signing, claims, 'YZ2'), 'unsupported-version'],
    ['garbage', () => 'hello world', 'malformed'],
    ['claims that are not a code', () => signClaims(key.signing, { ...claims, cat: 'astronaut' }), 'malformed'],
    ['invalid UTF-8', () => Buffer.from([0x59, 0x5a, 0x31, 0x2e, 0xff, 0xfe]) as unknown as string, 'malformed'],
    ['an oversized code', () => `YZ1.${'a'.repeat(5000)}.b`, 'oversized'],
  ])('refuses %s and opens nothing', async (_name, make, reason) => {
    const s = station();
    expect(await s.door.scan(make())).toEqual({ ok: false, reason });
    expect(s.unlocks).toHaveLength(0);
    expect(rows(s.db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 0 }]);
    expect(rows(s.db, 'SELECT reason FROM rejected_scans')).toEqual([{ reason }]);
    expect(rows(s.db, 'SELECT type, body FROM outbox')).toEqual([
      { type: 'scan.rejected', body: JSON.stringify({ reason }) },
    ]);
  });

  it('takes a second scan after a minute as the exit, a second scan sooner as the same entry', async () => {
    const s = station();
    const code = () => issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, Math.floor(clock.now / 1000));
    const entry = await s.door.scan(code());
    const visitId = (entry as Admitted).visitId;
    clock.now += 20_000;
    expect(await s.door.scan(code())).toEqual({ ok: true, visitId, category: 'rider' });
    clock.now += 60_000;
    expect(await s.door.scan(code())).toEqual({ ok: true, visitId, category: 'rider', direction: 'out' });
    expect(s.unlocks).toHaveLength(3);
    expect(rows(s.db, 'SELECT id, ended_at, end_reason FROM visits')).toEqual([
      { id: visitId, ended_at: '2026-11-28T03:01:20.000Z', end_reason: 'exit-scan' },
    ]);
    expect(rows(s.db, 'SELECT type, body FROM outbox WHERE seq > 1')).toEqual([
      { type: 'visit.ended', body: JSON.stringify({ visitId, reason: 'exit-scan' }) },
    ]);
    clock.now += 120_000;
    const back = await s.door.scan(code());
    expect(back).toEqual({ ok: true, visitId: expect.any(String), category: 'rider' });
    expect((back as Admitted).visitId).not.toBe(visitId);
  });

  it('ends visits at the maximum stay (counted as lasting it) and when the station is empty', async () => {
    const s = station();
    await s.door.scan(issueMemberCode(key.signing, { sub: 'm_a', cat: 'rider' }, nowSeconds));
    clock.now += 3 * 3600_000;
    s.door.walkIn('courier');
    clock.now += 3600_000 + 1000;
    expect(s.visitLog.endOverstays(new Date(clock.now), 4 * 3600)).toBe(1);
    expect(s.visitLog.openVisits()).toBe(1);
    expect(s.visitLog.endAllOpen(new Date(clock.now), 'empty')).toBe(1);
    expect(rows(s.db, 'SELECT method, ended_at, end_reason FROM visits ORDER BY started_at')).toEqual([
      { method: 'code', ended_at: '2026-11-28T07:00:00.000Z', end_reason: 'max-stay' },
      { method: 'walk-in', ended_at: '2026-11-28T07:00:01.000Z', end_reason: 'empty' },
    ]);
    expect(
      rows(s.db, "SELECT body FROM outbox WHERE type = 'visit.ended'").map(
        (r) => JSON.parse((r as { body: string }).body).reason,
      ),
    ).toEqual(['max-stay', 'empty']);
  });

  it('counts visits per local hour, day and category', async () => {
    const s = station();
    await s.door.scan(issueMemberCode(key.signing, { sub: 'm_a', cat: 'rider' }, nowSeconds));
    s.door.walkIn('sanitation');
    clock.now = Date.parse('2026-11-28T16:30:00Z'); // 00:30 on the 29th in Shanghai
    s.door.walkIn('rider');
    expect(s.visitLog.counts(new Date(NOW - 3600_000), new Date(clock.now + 1), 'Asia/Shanghai')).toEqual({
      total: 3,
      walkIns: 2,
      byCategory: { rider: 2, sanitation: 1 },
      byHour: { '2026-11-28T11': 2, '2026-11-29T00': 1 },
      byDay: { '2026-11-28': 2, '2026-11-29': 1 },
    });
  });

  it('refuses every code while no bundle with keys has arrived', async () => {
    const s = station(undefined, false);
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds);
    expect(await s.door.scan(code)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('counts walk-ins no faster than people arrive, and refuses the rest without counting them', () => {
    const s = station();
    // The default is 12 a minute, six of them at once: a group arriving together.
    for (let i = 0; i < 6; i++) expect(s.door.walkIn('rider')).toMatchObject({ ok: true });
    expect(() => s.door.walkIn('rider')).toThrowError(
      expect.objectContaining({ code: 'YZ_ERR_TOO_FAST', statusCode: 429 }),
    );
    expect(rows(s.db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 6 }]);
    expect(s.announced).toHaveLength(6);
    // One more every five seconds.
    clock.now += 5_000;
    expect(s.door.walkIn('courier')).toMatchObject({ ok: true, category: 'courier' });
    expect(() => s.door.walkIn('courier')).toThrowError(expect.objectContaining({ code: 'YZ_ERR_TOO_FAST' }));
    expect(rows(s.db, 'SELECT count(*) AS n FROM visits')).toEqual([{ n: 7 }]);
  });

  it('counts a walk-in without opening the door', () => {
    const s = station();
    const result = s.door.walkIn('sanitation');
    expect(result).toEqual({ ok: true, visitId: expect.any(String), category: 'sanitation' });
    expect(s.unlocks).toHaveLength(0);
    expect(rows(s.db, 'SELECT method, category, member FROM visits')).toEqual([
      { method: 'walk-in', category: 'sanitation', member: null },
    ]);
  });
});
