/**
 * The office's session against the attacks a browser invites: a session id planted before sign-in
 * (fixation), requests forged by another site (CSRF, including the live socket and sign-in itself), and
 * password guessing (the throttle answers the same for unknown and known names and writes nothing).
 */
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type HubFixture, signIn, startHubFixture } from './hub-fixture.ts';

let hub: HubFixture;
beforeEach(async () => {
  hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
});
afterEach(async () => {
  await hub.close();
});

const login = (headers: Record<string, string> = {}, password = 'correct horse') =>
  hub.app.inject({ method: 'POST', url: '/api/v1/session', headers, payload: { username: 'office', password } });
const whoAmI = (cookie: string) => hub.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
const sessionValue = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'yz_session')!.value;

/** Every row of every table but the sessions (sign-in writes those on purpose). */
function tables(): Record<string, unknown[]> {
  const names = hub.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return Object.fromEntries(names.map((t) => [t.name, hub.rows(`SELECT * FROM "${t.name}"`)]));
}

describe('session fixation', () => {
  it('never adopts a session id the browser brought: sign-in issues a fresh one', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdefghijk';
    const res = await login({ cookie: `yz_session=${planted}` });
    expect(res.statusCode).toBe(200);
    const issued = sessionValue(res);
    expect(issued).not.toBe(planted);
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await whoAmI(`yz_session=${planted}`)).statusCode).toBe(401);
    expect((await whoAmI(`yz_session=${issued}`)).json()).toMatchObject({ username: 'office' });
    expect(hub.rows('SELECT username FROM sessions')).toEqual([{ username: 'office' }]);
  });

  it('signing in again ends the session the browser came with, so a known id never outlives a sign-in', async () => {
    const first = sessionValue(await login());
    const second = sessionValue(await login({ cookie: `yz_session=${first}` }));
    expect(second).not.toBe(first);
    expect((await whoAmI(`yz_session=${first}`)).statusCode).toBe(401);
    expect((await whoAmI(`yz_session=${second}`)).statusCode).toBe(200);
    expect(hub.rows('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('sign-out ends the session on the server: the copied cookie is refused afterwards', async () => {
    const cookie = `yz_session=${sessionValue(await login())}`;
    const out = await hub.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(hub.rows('SELECT * FROM sessions')).toEqual([]);
    const replay = await hub.app.inject({ method: 'GET', url: '/api/v1/overview', headers: { cookie } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('YZ_ERR_UNAUTHENTICATED');
  });

  it('marks the cookie Secure when the hub is served over HTTPS', async () => {
    const { buildHub } = await import('../src/app.ts');
    const { parseHubConfig } = await import('../src/config.ts');
    const secure = await buildHub(
      parseHubConfig({ database: 'tls.db', session: { secureCookie: true } }, { baseDir: hub.dir }),
    );
    try {
      await secure.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
      const res = await secure.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'office', password: 'correct horse' },
      });
      expect(res.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await secure.close();
    }
  });
});

interface ApiRoute {
  method: string;
  path: string;
}

async function mutatingRoutes(): Promise<ApiRoute[]> {
  const doc = (await hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })))
    .filter((r) => !['GET', 'HEAD'].includes(r.method));
}

const CROSS_SITE: Record<string, string>[] = [
  { 'sec-fetch-site': 'cross-site' },
  { 'sec-fetch-site': 'same-site' },
  { 'sec-fetch-site': 'none' },
  { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:80' },
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { origin: 'http://localhost:80.evil.example' },
  { origin: 'not a url' },
];

describe('cross-site requests (CSRF)', () => {
  it('every state-changing route refuses another site with 403 before reading anything; no row changes', async () => {
    const admin = await signIn(hub.app, 'office', 'correct horse');
    const routes = await mutatingRoutes();
    expect(routes.length).toBeGreaterThan(12);
    const before = tables();
    for (const route of routes) {
      for (const headers of CROSS_SITE) {
        const res = await hub.app.inject({
          method: route.method as 'POST',
          url: route.path.replace(/\{[^}]+\}/g, 'quanshan-sanbao'),
          headers: { ...headers, cookie: admin, authorization: `Bearer ${hub.tokens.a}` },
          payload: { title: { zh: '假', en: 'Forged' }, services: ['water'], username: 'office', password: 'x' },
        });
        expect(res.statusCode, `${route.method} ${route.path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.json().error.code).toBe('YZ_ERR_CROSS_SITE');
      }
    }
    expect(tables()).toEqual(before);
  });

  it('the dashboard’s own requests pass: same-origin by Sec-Fetch-Site, or by an Origin matching the host', async () => {
    const admin = await signIn(hub.app, 'office', 'correct horse');
    const announcement = {
      text: { zh: '寒潮来袭，驿站24小时开放', en: 'Cold wave: open 24 hours' },
      target: { kind: 'all' },
      startsAt: '2026-11-28T08:00:00+08:00',
      endsAt: null,
    };
    for (const headers of [
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
      { origin: 'http://localhost:80' },
      {},
    ]) {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/announcements',
        headers: { ...headers, cookie: admin },
        payload: announcement,
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(201);
    }
    // Reads are not refused: a link from elsewhere may open the dashboard (the Strict cookie stays home anyway).
    const read = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/overview',
      headers: { cookie: admin, 'sec-fetch-site': 'cross-site' },
    });
    expect(read.statusCode).toBe(200);
    // Signing in from another site (login CSRF) is refused like any other change.
    const forgedLogin = await login({ 'sec-fetch-site': 'cross-site' });
    expect(forgedLogin.statusCode).toBe(403);
    expect(forgedLogin.headers['set-cookie']).toBeUndefined();
  });

  it('the live socket refuses a handshake from another site and accepts the dashboard’s own', async () => {
    const admin = await signIn(hub.app, 'office', 'correct horse');
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = hub.app.server.address() as { port: number };
    const url = `ws://127.0.0.1:${port}/api/v1/live`;

    const forged = new WebSocket(url, { headers: { cookie: admin }, origin: 'https://evil.example' });
    await expect(new Promise((resolve, reject) => forged.once('open', resolve).once('error', reject))).rejects.toThrow(
      /403/,
    );

    const own = new WebSocket(url, { headers: { cookie: admin }, origin: `http://127.0.0.1:${port}` });
    const [data] = (await once(own, 'message')) as [Buffer];
    expect(JSON.parse(data.toString()).type).toBe('snapshot');
    own.terminate();
  });
});

describe('password guessing', () => {
  it('locks a name out the same way whether it exists or not, and a locked-out try writes nothing', async () => {
    const answers: string[] = [];
    for (const username of ['office', 'no-such-operator']) {
      for (let i = 0; i < 5; i++) {
        const res = await hub.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username, password: `guess ${i}` },
        });
        expect(res.statusCode).toBe(401);
      }
      const before = tables();
      const locked = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: 'correct horse' },
      });
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['set-cookie']).toBeUndefined();
      expect(tables()).toEqual(before);
      answers.push(`${locked.headers['retry-after']} ${locked.body}`);
    }
    // Same status, wait and words: the lockout does not tell which names are real.
    expect(answers[0]).toBe(answers[1]);
    // Another operator is not locked out by someone guessing at "office".
    await hub.app.admin.addOperator({ username: 'second', password: 'another horse', role: 'admin' });
    expect((await signIn(hub.app, 'second', 'another horse')).startsWith('yz_session=')).toBe(true);
  });
});
