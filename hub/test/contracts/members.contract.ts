import { describe, expect, it } from 'vitest';
import type { MemberKeyRecord } from '../../src/members/schema.ts';
import { REGISTERED, type StoreEngine, storePerTest } from './engine.ts';

const key = (kid: string, createdAt: string, retiredAt: string | null = null): MemberKeyRecord => ({
  kid,
  alg: 'Ed25519',
  publicKey: `public-${kid}`,
  privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${kid}\n-----END PRIVATE KEY-----\n`,
  createdAt,
  retiredAt,
});
const K1 = key('k-2026-01', '2026-01-01T00:00:00.000Z');
const K2 = key('k-2026-06', '2026-06-01T00:00:00.000Z');
const K3 = key('k-2026-11', '2026-11-01T00:00:00.000Z');
const AT = '2026-11-28T02:00:00.000Z';

export function describeMemberStoresContract(engine: StoreEngine): void {
  describe(`member stores contract (${engine.name})`, () => {
    const store = storePerTest(engine);

    describe('member keys', () => {
      const keys = () => store().memberKeys;

      it('has no keys and no active key in a new store', async () => {
        expect(await keys().list()).toEqual([]);
        expect(await keys().active()).toBeUndefined();
      });

      it('lists keys oldest first whatever the order they came in, the newest unretired one active', async () => {
        for (const k of [K2, K3, K1]) expect(await keys().insert(k)).toBe(true);
        expect(await keys().list()).toEqual([K1, K2, K3]);
        expect(await keys().active()).toEqual(K3);
      });

      it('refuses a kid that is taken and keeps the first key, also when both arrive at once', async () => {
        await keys().insert(K1);
        expect(await keys().insert({ ...K1, publicKey: 'other' })).toBe(false);
        const results = await Promise.all([keys().insert(K2), keys().insert({ ...K2, publicKey: 'other' })]);
        expect([...results].sort()).toEqual([false, true]);
        expect(await keys().list()).toEqual([K1, results[0] ? K2 : { ...K2, publicKey: 'other' }]);
      });

      it('retires a key once; the active key falls back to the newest unretired one, then to none', async () => {
        await Promise.all([K1, K2].map((k) => keys().insert(k)));
        expect(await keys().retire(K2.kid, AT)).toBe(true);
        expect(await keys().retire(K2.kid, '2026-12-01T00:00:00.000Z')).toBe(false);
        expect(await keys().retire('k-unknown', AT)).toBe(false);
        expect(await keys().list()).toEqual([K1, { ...K2, retiredAt: AT }]);
        expect(await keys().active()).toEqual(K1);
        expect(await keys().retire(K1.kid, AT)).toBe(true);
        expect(await keys().active()).toBeUndefined();
      });

      it('never makes a key inserted as retired the active one', async () => {
        await keys().insert(K1);
        await keys().insert(key('k-leaked', '2026-11-20T00:00:00.000Z', AT));
        expect(await keys().active()).toEqual(K1);
      });
    });

    describe('members', () => {
      const members = () => store().members;

      it('keeps one pseudonym secret of 32 bytes, the same on every call', async () => {
        const [a, b] = await Promise.all([members().pseudonymSecret(), members().pseudonymSecret()]);
        expect(Buffer.isBuffer(a)).toBe(true);
        expect(a.length).toBe(32);
        expect(b.equals(a)).toBe(true);
        expect((await members().pseudonymSecret()).equals(a)).toBe(true);
      });

      it('revokes members once each and lists every revoked pseudonym in order', async () => {
        expect(await members().revoked()).toEqual([]);
        await Promise.all(['m_c', 'm_a', 'm_b', 'm_a'].map((m) => members().revoke(m, AT)));
        await members().revoke('m_c', '2026-12-01T00:00:00.000Z');
        expect(await members().revoked()).toEqual(['m_a', 'm_b', 'm_c']);
        expect(await members().isRevoked('m_b')).toBe(true);
        expect(await members().isRevoked('m_unknown')).toBe(false);
      });
    });

    describe('member access', () => {
      const access = () => store().memberAccess;

      it('finds an integration by its key hash until it is revoked, once', async () => {
        expect(await access().addIntegration('member-app', 'hash-app', REGISTERED)).toBe(true);
        expect(await access().findIntegration('hash-app')).toBe('member-app');
        expect(await access().findIntegration('hash-unknown')).toBeUndefined();
        expect(await access().revokeIntegration('member-app', AT)).toBe(true);
        expect(await access().findIntegration('hash-app')).toBeUndefined();
        expect(await access().revokeIntegration('member-app', AT)).toBe(false);
        expect(await access().revokeIntegration('unknown-app', AT)).toBe(false);
      });

      it('refuses a name that is taken, revoked or not, and lets one of two at once win', async () => {
        await access().addIntegration('member-app', 'hash-1', REGISTERED);
        expect(await access().addIntegration('member-app', 'hash-2', AT)).toBe(false);
        expect(await access().findIntegration('hash-2')).toBeUndefined();
        await access().revokeIntegration('member-app', AT);
        expect(await access().addIntegration('member-app', 'hash-3', AT)).toBe(false);
        const results = await Promise.all([
          access().addIntegration('wechat-app', 'hash-4', AT),
          access().addIntegration('wechat-app', 'hash-5', AT),
        ]);
        expect([...results].sort()).toEqual([false, true]);
        expect(await access().findIntegration(results[0] ? 'hash-4' : 'hash-5')).toBe('wechat-app');
        expect(await access().findIntegration(results[0] ? 'hash-5' : 'hash-4')).toBeUndefined();
      });

      it('finds a member link by its token hash; a taken token keeps its first link', async () => {
        expect(await access().addLink('hash-link', 'm_pseudonym', 'courier', REGISTERED)).toBe(true);
        expect(await access().addLink('hash-link', 'm_other', 'rider', AT)).toBe(false);
        expect(await access().addLink('hash-link-2', 'm_pseudonym', 'courier', AT)).toBe(true);
        expect(await access().findLink('hash-link')).toEqual({ member: 'm_pseudonym', category: 'courier' });
        expect(await access().findLink('hash-link-2')).toEqual({ member: 'm_pseudonym', category: 'courier' });
        expect(await access().findLink('hash-unknown')).toBeUndefined();
      });
    });
  });
}
