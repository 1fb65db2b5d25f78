import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, DoorResult } from '@yizhan/shared';
import { generateMemberKey, issueMemberCode, signClaims } from '@yizhan/shared/member-code';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { Door } from '../../src/door/door.ts';
import { VisitLog } from '../../src/door/visit-log.ts';
import { BundleCache } from '../../src/store/bundle-cache.ts';
import { Outbox } from '../../src/store/outbox.ts';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const nowSeconds = NOW / 1000;
const key = generateMemberKey('k1');
const bundle: Bundle = {
  version: 'v1',
  station: { id: 'quanshan-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
  memberKeys: [key.public],
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

function station(path = join(mkdtempSync(join(tmpdir(), 'yz-door-')), 'station.db'), withBundle = true) {
  const db = openStationDatabase(path);
  open.push(db);
  const outbox = new Outbox(db);
  const cache = new BundleCache(db);
  if (withBundle) cache.save(bundle, new Date(NOW));
  const unlocks: number[] = [];
  const announced: DoorResult[] = [];
  const door = new Door({
    visitLog: new VisitLog(db, outbox),
    bundle: cache,
    now: () => NOW,
    unlock: async () => {
      unlocks.push(Date.now());
    },
    announce: (r) => announced.push(r),
  });
  return { path, db, door, unlocks, announced };
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

  it('refuses every code while no bundle with keys has arrived', async () => {
    const s = station(undefined, false);
    const code = issueMemberCode(key.signing, { sub: 'm_abc', cat: 'rider' }, nowSeconds);
    expect(await s.door.scan(code)).toEqual({ ok: false, reason: 'unknown-key' });
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
