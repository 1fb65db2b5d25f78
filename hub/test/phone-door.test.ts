/**
 * The phone at the door, at the hub's edge: every post is checked by its schema and changes nothing when it is
 * bad, is rate-limited per member and per address, and the page the door QR opens is a page even for a code that
 * is not one. (The whole path with a real station and Chromium: tests/phone-door-browser.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { type HubFixture, startHubFixture } from './hub-fixture.ts';

let hub: HubFixture;
let app: HubApp;

beforeEach(async () => {
  hub = await startHubFixture();
  // The same file, with limits low enough to reach in a test.
  await hub.app.close();
  app = await buildHub(
    parseHubConfig(
      { database: 'hub.db', phone: { perMemberPerMinute: 3, perAddressPerMinute: 8 } },
      { baseDir: hub.dir },
    ),
    { clock: () => hub.clock.now },
  );
});
afterEach(async () => {
  await app.close();
  await hub.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url, payload: payload as object, headers, remoteAddress });

async function register(remoteAddress = '10.0.0.1'): Promise<string> {
  const res = await post('/api/v1/phone/member', { category: 'rider', consent: true }, {}, remoteAddress);
  expect(res.statusCode).toBe(201);
  return `yz_phone=${res.cookies.find((c) => c.name === 'yz_phone')!.value}`;
}

describe('registration on the phone', () => {
  it('sets a pseudonymous, httpOnly, Lax cookie for a year and more, and remembers only the category', async () => {
    const res = await post('/api/v1/phone/member', { category: 'courier', consent: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ category: 'courier' });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^yz_phone=yzph_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=34560000$/);
    const rows = hub.rows<{ member: string; category: string }>('SELECT member, category FROM phone_members');
    expect(rows).toEqual([{ member: expect.stringMatching(/^m_/), category: 'courier' }]);
    // A phone that has registered is not registered again.
    const again = await post(
      '/api/v1/phone/member',
      { category: 'rider', consent: true },
      { cookie: header.split(';')[0]! },
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ category: 'courier' });
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(hub.rows('SELECT 1 FROM phone_members')).toHaveLength(1);
  });

  it('refuses what is not a category and a consent, each with its field, and stores nothing', async () => {
    for (const [payload, path] of [
      [{ category: 'rider' }, 'consent'],
      [{ category: 'rider', consent: false }, 'consent'],
      [{ category: 'rider', consent: 'yes' }, 'consent'],
      [{ category: 'pilot', consent: true }, 'category'],
      [{ category: 'rider', consent: true, phone: '13800000000' }, ''],
      [[], ''],
    ] as const) {
      const res = await post('/api/v1/phone/member', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('YZ_ERR_INVALID_BODY');
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/phone/member',
      payload: '{"category":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.json().error.code).toBe('YZ_ERR_INVALID_JSON');
    const huge = await post('/api/v1/phone/member', { category: 'rider', consent: true, pad: 'x'.repeat(5_000) });
    expect(huge.statusCode).toBe(413);
    expect(hub.rows('SELECT 1 FROM phone_members')).toEqual([]);
  });

  it('joins a member link to the phone, and refuses a link that is not one', async () => {
    const { token, member } = await app.admin.addMemberLink({ member: 'rider-77', category: 'driver' });
    const res = await post('/api/v1/phone/member/link', { link: token });
    expect(res.statusCode).toBe(201);
    expect(hub.rows('SELECT member, category FROM phone_members')).toEqual([{ member, category: 'driver' }]);
    expect((await post('/api/v1/phone/member/link', { link: `yzml_${'A'.repeat(43)}` })).statusCode).toBe(404);
    expect((await post('/api/v1/phone/member/link', { link: 'yzml_short' })).statusCode).toBe(400);
    expect(hub.rows('SELECT 1 FROM phone_members')).toHaveLength(1);
  });
});

describe('admissions from the phone', () => {
  it('needs a registered phone', async () => {
    for (const cookie of [undefined, 'yz_phone=yzph_unknown', `yz_phone=yzph_${'A'.repeat(43)}`, 'yz_session=x']) {
      const res = await post('/api/v1/phone/admissions', { code: 'x' }, cookie ? { cookie } : {});
      expect(res.statusCode, cookie).toBe(401);
      expect(res.json().error.code).toBe('YZ_ERR_UNAUTHENTICATED');
    }
  });

  it('checks the body, and answers a code that is not a door code with its reason', async () => {
    const cookie = await register();
    for (const payload of [{}, { code: '' }, { code: 42 }, { code: 'x'.repeat(201) }, { code: 'x', extra: 1 }]) {
      const res = await post('/api/v1/phone/admissions', payload, { cookie });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('YZ_ERR_INVALID_BODY');
    }
    const forged = `quanshan-sanbao.${Math.floor(hub.clock.now / 30_000)}.abcdefghijkl.${'A'.repeat(86)}`;
    for (const code of ['hello', forged, 'nowhere.1.abcdefghijkl.x']) {
      const res = await post('/api/v1/phone/admissions', { code }, { cookie }, `10.0.1.${code.length % 200}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: false, reason: 'invalid-code' });
    }
    expect(hub.rows('SELECT 1 FROM door_code_uses')).toEqual([]);
  });

  it('limits admissions per member, and every post per address', async () => {
    const cookie = await register('10.0.0.9');
    const statuses: number[] = [];
    // Each from another address: only the member's own limit (3 a minute) applies.
    for (let i = 0; i < 4; i++) {
      statuses.push((await post('/api/v1/phone/admissions', { code: 'hello' }, { cookie }, `10.0.2.${i}`)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post('/api/v1/phone/admissions', { code: 'hello' }, { cookie }, '10.0.2.9');
    expect(limited.json().error.code).toBe('YZ_ERR_TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A minute on, the member may try again.
    hub.clock.now += 60_000;
    expect((await post('/api/v1/phone/admissions', { code: 'hello' }, { cookie }, '10.0.2.10')).statusCode).toBe(200);

    // One address: 8 posts a minute of any kind, whoever makes them; another address is not held up.
    const fromOne: number[] = [];
    for (let i = 0; i < 9; i++) {
      fromOne.push(
        (await post('/api/v1/phone/member', { category: 'rider', consent: true }, {}, '10.0.3.1')).statusCode,
      );
    }
    expect(fromOne).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 429]);
    expect((await post('/api/v1/phone/member', { category: 'rider', consent: true }, {}, '10.0.3.2')).statusCode).toBe(
      201,
    );
  });
});

describe('the page the door QR opens', () => {
  it('is a page, in both languages, for a code of no station', async () => {
    for (const url of ['/d', '/d?c=', '/d?c=hello', `/d?c=${'x'.repeat(900)}`, '/d?c=nowhere.1.abcdefghijkl.x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('这不是有效的驿站二维码');
      expect(res.body).toContain('This is not a valid station code');
    }
  });

  it('asks a new phone its work and consent, and a registered one nothing', async () => {
    const code = `quanshan-sanbao.${Math.floor(hub.clock.now / 30_000)}.abcdefghijkl.${'A'.repeat(86)}`;
    const fresh = await app.inject({ method: 'GET', url: `/d?c=${code}` });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain('三胞广场工会驿站');
    expect(fresh.body).toMatch(/<section id="register" >/);
    expect(fresh.headers['cache-control']).toBe('no-store');
    expect(fresh.headers['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    const cookie = await register();
    const known = await app.inject({ method: 'GET', url: `/d?c=${code}`, headers: { cookie } });
    expect(known.body).toMatch(/<section id="register" hidden>/);
  });
});
