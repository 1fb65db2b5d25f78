import { describe, expect, it } from 'vitest';
import type { Operator } from '../../src/operators/schema.ts';
import { GULOU, QUANSHAN, REGISTERED, type StoreEngine, storePerTest } from './engine.ts';

const ADMIN: Operator = { username: 'office', role: 'admin', district: null };
const VIEWER: Operator = { username: 'quanshan-viewer', role: 'district-viewer', district: QUANSHAN };
const NOW = '2026-11-28T02:00:00.000Z';
const LATER = '2026-11-28T10:00:00.000Z';

export function describeOperatorStoreContract(engine: StoreEngine): void {
  describe(`operator and session store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const operators = () => store().operators;
    const sessions = () => store().sessions;

    describe('operators', () => {
      it('inserts admins and district viewers that get returns with their password hash', async () => {
        expect(await operators().insert(ADMIN, 'scrypt$admin', REGISTERED)).toBe(true);
        expect(await operators().insert(VIEWER, 'scrypt$viewer', REGISTERED)).toBe(true);
        expect(await operators().get('office')).toEqual({ ...ADMIN, passwordHash: 'scrypt$admin' });
        expect(await operators().get('quanshan-viewer')).toEqual({ ...VIEWER, passwordHash: 'scrypt$viewer' });
      });

      it('refuses a username that is taken and keeps the first account', async () => {
        await operators().insert(ADMIN, 'scrypt$first', REGISTERED);
        expect(await operators().insert({ ...VIEWER, username: 'office' }, 'scrypt$second', LATER)).toBe(false);
        expect(await operators().get('office')).toEqual({ ...ADMIN, passwordHash: 'scrypt$first' });
      });

      it('lets exactly one of two concurrent inserts of one username win', async () => {
        const results = await Promise.all([
          operators().insert(ADMIN, 'scrypt$a', REGISTERED),
          operators().insert(ADMIN, 'scrypt$b', REGISTERED),
        ]);
        expect([...results].sort()).toEqual([false, true]);
        expect((await operators().get('office'))?.passwordHash).toBe(results[0] ? 'scrypt$a' : 'scrypt$b');
      });

      it('knows no unknown username', async () => {
        await operators().insert(ADMIN, 'scrypt$admin', REGISTERED);
        expect(await operators().get('nobody')).toBeUndefined();
        expect(await operators().get('Office')).toBeUndefined();
      });

      it('upserts: creates an account, then resets its role, district and password', async () => {
        await operators().upsert(VIEWER, 'scrypt$one', REGISTERED);
        expect(await operators().get(VIEWER.username)).toEqual({ ...VIEWER, passwordHash: 'scrypt$one' });
        await operators().upsert({ ...VIEWER, district: GULOU }, 'scrypt$two', LATER);
        expect(await operators().get(VIEWER.username)).toEqual({
          ...VIEWER,
          district: GULOU,
          passwordHash: 'scrypt$two',
        });
        await operators().upsert({ username: VIEWER.username, role: 'admin', district: null }, 'scrypt$three', LATER);
        expect(await operators().get(VIEWER.username)).toEqual({
          username: VIEWER.username,
          role: 'admin',
          district: null,
          passwordHash: 'scrypt$three',
        });
      });
    });

    describe('sessions', () => {
      it('finds a live session as its operator, and none once it has expired (expiry excluded)', async () => {
        await operators().insert(VIEWER, 'scrypt$viewer', REGISTERED);
        await sessions().insert('sid-1', VIEWER.username, NOW, LATER);
        expect(await sessions().find('sid-1', NOW)).toEqual(VIEWER);
        expect(await sessions().find('sid-1', '2026-11-28T09:59:59.999Z')).toEqual(VIEWER);
        expect(await sessions().find('sid-1', LATER)).toBeUndefined();
        expect(await sessions().find('sid-unknown', NOW)).toBeUndefined();
      });

      it("answers with the operator's current role and district", async () => {
        await operators().insert(VIEWER, 'scrypt$viewer', REGISTERED);
        await sessions().insert('sid-1', VIEWER.username, NOW, LATER);
        await operators().upsert({ ...VIEWER, district: GULOU }, 'scrypt$viewer', NOW);
        expect(await sessions().find('sid-1', NOW)).toEqual({ ...VIEWER, district: GULOU });
      });

      it('deletes one session and leaves the others; deleting an unknown one is harmless', async () => {
        await operators().insert(ADMIN, 'scrypt$admin', REGISTERED);
        await sessions().insert('sid-1', ADMIN.username, NOW, LATER);
        await sessions().insert('sid-2', ADMIN.username, NOW, LATER);
        await sessions().delete('sid-1');
        await sessions().delete('sid-unknown');
        expect(await sessions().find('sid-1', NOW)).toBeUndefined();
        expect(await sessions().find('sid-2', NOW)).toEqual(ADMIN);
      });

      it('deletes the sessions expired at a time (expiry included) and counts them', async () => {
        await operators().insert(ADMIN, 'scrypt$admin', REGISTERED);
        await sessions().insert('sid-old', ADMIN.username, REGISTERED, NOW);
        await sessions().insert('sid-older', ADMIN.username, REGISTERED, '2026-11-01T00:00:00.000Z');
        await sessions().insert('sid-live', ADMIN.username, NOW, LATER);
        expect(await sessions().deleteExpired(NOW)).toBe(2);
        expect(await sessions().deleteExpired(NOW)).toBe(0);
        expect(await sessions().find('sid-live', NOW)).toEqual(ADMIN);
        expect(await sessions().deleteExpired(LATER)).toBe(1);
        expect(await sessions().find('sid-live', NOW)).toBeUndefined();
      });

      it('keeps every one of many sessions inserted at once', async () => {
        await operators().insert(ADMIN, 'scrypt$admin', REGISTERED);
        const ids = Array.from({ length: 12 }, (_, i) => `sid-${i}`);
        await Promise.all(ids.map((id) => sessions().insert(id, ADMIN.username, NOW, LATER)));
        const found = await Promise.all(ids.map((id) => sessions().find(id, NOW)));
        expect(found).toEqual(ids.map(() => ADMIN));
        expect(await sessions().deleteExpired(LATER)).toBe(12);
      });
    });
  });
}
