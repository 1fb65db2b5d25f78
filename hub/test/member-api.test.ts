import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '@yizhan/shared';
import { verifyMemberCode } from '@yizhan/shared/member-code';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHub, type HubApp } from '../src/app.ts';
import { runAdminCommand } from '../src/cli.ts';
import { parseHubConfig } from '../src/config.ts';

let dir: string;
let app: HubApp;
let stationToken: string;
const START = Date.parse('2026-11-28T02:00:00.000Z');
const clock = { now: START };
const config = () => parseHubConfig({ database: 'hub.db' }, { baseDir: dir });
const nowSeconds = () => Math.floor(clock.now / 1000);

beforeEach(async () => {
  clock.now = START;
  dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-members-'));
  app = await buildHub(config(), {
    clock: () => clock.now,
    memberCodeLimits: { perIntegrationPerMinute: 5, perMemberPerMinute: 3 },
  });
  stationToken = (
    await app.admin.ensureStation({
      id: 'quanshan-sanbao',
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    })
  ).token;
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function stationBundle() {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/stations/quanshan-sanbao/bundle',
    headers: { authorization: `Bearer ${stationToken}` },
  });
  return bundle.parse(res.json());
}

const requestCode = (key: string | undefined, payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/member-codes',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    payload: payload as object,
  });

describe('POST /api/v1/member-codes', () => {
  it('issues a code for the member app that verifies at the station, carrying only a pseudonym', async () => {
    const { key } = await app.admin.addIntegration('member-app');
    expect(key).toMatch(/^yzik_[A-Za-z0-9_-]{43}$/);
    const res = await requestCode(key, { member: '13800000000', category: 'courier', lifetimeSeconds: 90 });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    const pseudonym = await app.admin.memberPseudonym('13800000000');
    expect(body).toEqual({
      code: expect.stringMatching(/^YZ1\./),
      kid: (await stationBundle()).memberKeys[0]!.kid,
      member: pseudonym,
      expiresAt: '2026-11-28T02:01:30.000Z',
    });
    expect(verifyMemberCode(body.code, (await stationBundle()).memberKeys, nowSeconds())).toEqual({
      ok: true,
      claims: expect.objectContaining({ sub: pseudonym, cat: 'courier', exp: nowSeconds() + 90 }),
    });
    expect(JSON.stringify(body)).not.toContain('13800000000');
  });

  it('refuses a missing, unknown or revoked-integration key with 401 and issues nothing', async () => {
    expect((await requestCode(undefined, { member: 'M', category: 'rider' })).json()).toEqual({
      error: { code: 'YZ_ERR_UNAUTHENTICATED', message: 'a valid integration key is required' },
    });
    expect((await requestCode(`yzik_${'x'.repeat(43)}`, { member: 'M', category: 'rider' })).statusCode).toBe(401);
    // A station token is not an integration key.
    expect((await requestCode(stationToken, { member: 'M', category: 'rider' })).statusCode).toBe(401);
    await expect(app.admin.addIntegration('member-app')).resolves.not.toThrow();
    await expect(app.admin.addIntegration('member-app')).rejects.toThrow(
      expect.objectContaining({ code: 'YZ_ERR_INTEGRATION_EXISTS' }),
    );
  });

  it('names the bad field: unknown category, a lifetime over 120 s, extra fields', async () => {
    const { key } = await app.admin.addIntegration('member-app');
    const bad = await requestCode(key, { member: 'M', category: 'astronaut' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'YZ_ERR_INVALID_BODY',
      issues: [expect.objectContaining({ path: 'category' })],
    });
    expect(
      (await requestCode(key, { member: 'M', category: 'rider', lifetimeSeconds: 600 })).json().error.issues,
    ).toEqual([expect.objectContaining({ path: 'lifetimeSeconds' })]);
    expect((await requestCode(key, { member: 'M', category: 'rider', phone: '138' })).statusCode).toBe(400);
  });

  it('rate-limits per member and per integration with 429 and retry-after, refilling over time', async () => {
    const { key } = await app.admin.addIntegration('member-app');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await requestCode(key, { member: 'M1', category: 'rider' })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await requestCode(key, { member: 'M1', category: 'rider' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.json().error.code).toBe('YZ_ERR_TOO_MANY_ATTEMPTS');
    // That was the integration's fifth request; its sixth is over its own limit, whoever it is for.
    expect((await requestCode(key, { member: 'M2', category: 'rider' })).statusCode).toBe(429);
    clock.now += 60_000;
    expect((await requestCode(key, { member: 'M2', category: 'rider' })).statusCode).toBe(201);
  });

  it('refuses a revoked member (403) and lists the pseudonym in every station bundle', async () => {
    const { key } = await app.admin.addIntegration('member-app');
    const pseudonym = await app.admin.revokeMember('M-revoked');
    const res = await requestCode(key, { member: 'M-revoked', category: 'rider' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('YZ_ERR_MEMBER_REVOKED');
    expect((await stationBundle()).revokedMembers).toEqual([pseudonym]);
  });
});

describe('member keys', () => {
  it('retire-key flags the key in the bundle; new codes are signed by the next key', async () => {
    const first = (await stationBundle()).memberKeys[0]!.kid;
    const rotated = await runAdminCommand('rotate-key', {}, config(), () => clock.now);
    expect(await runAdminCommand('retire-key', { kid: first }, config(), () => clock.now)).toBe(first);
    expect((await stationBundle()).memberKeys.map((k) => [k.kid, k.retired])).toEqual([
      [first, true],
      [rotated, false],
    ]);
    await expect(runAdminCommand('retire-key', { kid: first }, config(), () => clock.now)).rejects.toMatchObject({
      code: 'YZ_ERR_NOT_FOUND',
    });
    const code = await app.admin.issueMemberCode({ member: 'M', category: 'rider' });
    const check = verifyMemberCode(code, (await stationBundle()).memberKeys, nowSeconds());
    expect(check.ok && check.claims.kid).toBe(rotated);
  });

  it('retiring every key makes a fresh one at the next issue', async () => {
    const first = (await stationBundle()).memberKeys[0]!.kid;
    await app.admin.retireMemberKey(first);
    const code = await app.admin.issueMemberCode({ member: 'M', category: 'rider' });
    const keys = (await stationBundle()).memberKeys;
    expect(keys).toHaveLength(2);
    expect(verifyMemberCode(code, keys, nowSeconds()).ok).toBe(true);
  });
});

describe('member page', () => {
  it('member-link prints a page path; the page serves HTML with a CSP nonce and no referrer', async () => {
    const path = await runAdminCommand('member-link', { member: 'W-1', category: 'rider' }, config(), () => clock.now);
    expect(path).toMatch(/^\/m\/yzml_[A-Za-z0-9_-]{43}$/);
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.body).toContain('<span class="zh">外卖骑手</span><span class="en" lang="en">Delivery rider</span>');
    expect(page.body).not.toContain('W-1');
  });

  it('gives a live code with its QR and when to renew it', async () => {
    const { token, member } = await app.admin.addMemberLink({ member: 'W-1', category: 'sanitation' });
    const res = await app.inject({ method: 'GET', url: `/m/${token}/code` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      code: expect.stringMatching(/^YZ1\./),
      svg: expect.stringMatching(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/),
      expiresAt: '2026-11-28T02:02:00.000Z',
      renewAt: '2026-11-28T02:01:30.000Z',
    });
    expect(verifyMemberCode(body.code, (await stationBundle()).memberKeys, nowSeconds())).toEqual({
      ok: true,
      claims: expect.objectContaining({ sub: member, cat: 'sanitation' }),
    });
  });

  it('answers an unknown link with 404 and a revoked member with 403, on the page and the code', async () => {
    const unknown = `/m/yzml_${'A'.repeat(43)}`;
    const page = await app.inject({ method: 'GET', url: unknown });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('链接无效');
    expect((await app.inject({ method: 'GET', url: `${unknown}/code` })).json().error.code).toBe('YZ_ERR_NOT_FOUND');
    // Not even a token's form: the worker still gets a page that says so, not JSON.
    const malformed = await app.inject({ method: 'GET', url: '/m/not-a-token' });
    expect(malformed.statusCode).toBe(404);
    expect(malformed.headers['content-type']).toBe('text/html; charset=utf-8');

    const { token } = await app.admin.addMemberLink({ member: 'W-2', category: 'rider' });
    await app.admin.revokeMember('W-2');
    expect((await app.inject({ method: 'GET', url: `/m/${token}` })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/m/${token}/code` })).json().error.code).toBe(
      'YZ_ERR_MEMBER_REVOKED',
    );
  });
});
