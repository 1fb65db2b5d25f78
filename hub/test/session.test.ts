import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from './hub-fixture.ts';

let hub: HubFixture;
beforeEach(async () => {
  hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
});
afterEach(async () => {
  await hub.close();
});

const login = (username: string, password: string) =>
  hub.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
const whoAmI = (cookie: string) => hub.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });

describe('operator sessions', () => {
  it('signs in with the right password: httpOnly strict cookie, session stored hashed', async () => {
    const res = await login('office', 'correct horse');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ username: 'office', role: 'admin', district: null, timezone: 'Asia/Shanghai' });
    const setCookie = res.headers['set-cookie'] as string;
    expect(setCookie).toMatch(/^yz_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const sessionId = setCookie.slice('yz_session='.length, setCookie.indexOf(';'));
    const rows = hub.rows<{ id_hash: string; username: string; expires_at: string }>(
      'SELECT id_hash, username, expires_at FROM sessions',
    );
    expect(rows).toEqual([
      { id_hash: expect.stringMatching(/^[0-9a-f]{64}$/), username: 'office', expires_at: '2026-11-28T14:00:00.000Z' },
    ]);
    expect(rows[0]!.id_hash).not.toContain(sessionId);

    const me = await whoAmI(`yz_session=${sessionId}`);
    expect(me.json()).toEqual({ username: 'office', role: 'admin', district: null, timezone: 'Asia/Shanghai' });
    // The password is stored as a salted scrypt hash.
    const [op] = hub.rows<{ password_hash: string }>('SELECT password_hash FROM operators');
    expect(op!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a wrong password or unknown user with the same 401 and no session', async () => {
    for (const [u, p] of [
      ['office', 'wrong horse'],
      ['nobody', 'correct horse'],
    ] as const) {
      const res = await login(u, p);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'YZ_ERR_BAD_CREDENTIALS', message: 'wrong username or password' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(hub.rows('SELECT * FROM sessions')).toEqual([]);
    const empty = await login('', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('YZ_ERR_INVALID_BODY');
  });

  it('locks a username out after 5 failures in 15 minutes, then lets it try again', async () => {
    for (let i = 0; i < 5; i++) expect((await login('office', `guess ${i}`)).statusCode).toBe(401);
    const locked = await login('office', 'correct horse');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.json().error.code).toBe('YZ_ERR_TOO_MANY_ATTEMPTS');
    hub.clock.now += 15 * 60_000;
    expect((await login('office', 'correct horse')).statusCode).toBe(200);
  });

  it('ends a session on DELETE and when it expires', async () => {
    const first = (await login('office', 'correct horse')).cookies[0]!;
    const cookie = `yz_session=${first.value}`;
    const out = await hub.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toBe('yz_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect((await whoAmI(cookie)).statusCode).toBe(401);
    expect(hub.rows('SELECT * FROM sessions')).toEqual([]);

    const second = `yz_session=${(await login('office', 'correct horse')).cookies[0]!.value}`;
    hub.clock.now += 12 * 60 * 60_000 - 1;
    expect((await whoAmI(second)).statusCode).toBe(200);
    hub.clock.now += 1;
    expect((await whoAmI(second)).statusCode).toBe(401);
  });
});
