import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '@yizhan/shared';
import { type MemberClaims, verifyMemberCode } from '@yizhan/shared/member-code';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHub } from '../src/app.ts';
import { parseHubCli, runAdminCommand } from '../src/cli.ts';
import { parseHubConfig } from '../src/config.ts';
import { HubError } from '../src/errors.ts';

let dir: string;
const config = () => parseHubConfig({ database: 'hub.db' }, { baseDir: dir });
const NOW = Date.parse('2026-11-28T02:00:00.000Z');
const clock = () => NOW;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function stationKeys() {
  const app = await buildHub(config(), { clock });
  try {
    const { token } = await app.admin.ensureStation({
      id: 'quanshan-sanbao',
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    });
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/stations/quanshan-sanbao/bundle',
      headers: { authorization: `Bearer ${token}` },
    });
    return bundle.parse(res.json()).memberKeys;
  } finally {
    await app.close();
  }
}

describe('member-code command', () => {
  it('prints a code that verifies with the bundle keys and carries a pseudonym, not the member id', async () => {
    const cli = parseHubCli(
      ['member-code', '--member', '13800000000', '--category', 'rider', '--lifetime', '60'],
      {},
      dir,
    );
    expect(cli.command).toBe('member-code');
    const code = await runAdminCommand('member-code', cli.options, config(), clock);
    expect(code).toMatch(/^YZ1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    const check = verifyMemberCode(code, await stationKeys(), NOW / 1000);
    expect(check.ok).toBe(true);
    const claims = (check as { claims: MemberClaims }).claims;
    expect(claims).toMatchObject({ cat: 'rider', iat: NOW / 1000, exp: NOW / 1000 + 60 });
    expect(claims.sub).toMatch(/^m_[A-Za-z0-9_-]{43}$/);
    expect(code).not.toContain('13800000000');
    expect(Buffer.from(code.split('.')[1]!, 'base64url').toString()).not.toContain('13800000000');

    // The same member always gets the same pseudonym; another member another.
    const again = await runAdminCommand('member-code', { member: '13800000000', category: 'courier' }, config(), clock);
    const other = await runAdminCommand('member-code', { member: '13900000000', category: 'courier' }, config(), clock);
    const sub = (c: string) => JSON.parse(Buffer.from(c.split('.')[1]!, 'base64url').toString()).sub;
    expect(sub(again)).toBe(claims.sub);
    expect(sub(other)).not.toBe(claims.sub);
    expect(verifyMemberCode(again, await stationKeys(), NOW / 1000 + 121 + 30)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('after rotate-key signs with the new key while old codes still verify', async () => {
    const old = await runAdminCommand('member-code', { member: 'M1', category: 'driver' }, config(), clock);
    const kid = await runAdminCommand('rotate-key', {}, config(), clock);
    const fresh = await runAdminCommand('member-code', { member: 'M1', category: 'driver' }, config(), clock);
    const keys = await stationKeys();
    expect(keys.map((k) => k.retired)).toEqual([false, false]);
    expect(keys[1]!.kid).toBe(kid);
    const oldCheck = verifyMemberCode(old, keys, NOW / 1000);
    const freshCheck = verifyMemberCode(fresh, keys, NOW / 1000);
    expect(oldCheck.ok && oldCheck.claims.kid).toBe(keys[0]!.kid);
    expect(freshCheck.ok && freshCheck.claims.kid).toBe(kid);
  });

  it('refuses a bad category or a lifetime over 120 s with the field named', async () => {
    const run = (options: Record<string, string>) => runAdminCommand('member-code', options, config(), clock);
    await expect(run({ member: 'M1', category: 'astronaut' })).rejects.toMatchObject({
      code: 'YZ_ERR_INVALID_INPUT',
      issues: [expect.objectContaining({ path: 'category' })],
    });
    await expect(run({ member: 'M1', category: 'rider', lifetime: '600' })).rejects.toBeInstanceOf(HubError);
    await expect(run({ member: 'M1', category: 'rider', lifetime: '600' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'lifetimeSeconds' })],
    });
  });
});

describe('other CLI commands', () => {
  it('add-station prints a token that authenticates; rotate-token replaces it', async () => {
    const token = await runAdminCommand(
      'add-station',
      { id: 'gulou-huaihai', name: '淮海路工会驿站', district: '鼓楼区', capacity: '12', lat: '34.27', lng: '117.19' },
      config(),
      clock,
    );
    expect(token).toMatch(/^yzst_/);
    await expect(
      runAdminCommand('add-station', { id: 'gulou-huaihai', name: 'x', district: 'y', capacity: '1' }, config(), clock),
    ).rejects.toMatchObject({ code: 'YZ_ERR_STATION_EXISTS' });
    const rotated = await runAdminCommand('rotate-token', { station: 'gulou-huaihai' }, config(), clock);
    expect(rotated).not.toBe(token);
    await expect(runAdminCommand('rotate-token', { station: 'nowhere' }, config(), clock)).rejects.toMatchObject({
      code: 'YZ_ERR_UNKNOWN_STATION',
    });

    const app = await buildHub(config(), { clock });
    try {
      const bundleWith = (t: string) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/stations/gulou-huaihai/bundle',
          headers: { authorization: `Bearer ${t}` },
        });
      expect((await bundleWith(token)).statusCode).toBe(401);
      expect((await bundleWith(rotated)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('add-operator hashes the password and needs a district for a district viewer', async () => {
    expect(
      await runAdminCommand(
        'add-operator',
        { username: 'office', password: 'correct horse', role: 'admin' },
        config(),
        clock,
      ),
    ).toBe('operator office added (admin)');
    await expect(
      runAdminCommand(
        'add-operator',
        { username: 'gulou', password: 'correct horse', role: 'district-viewer' },
        config(),
        clock,
      ),
    ).rejects.toMatchObject({ code: 'YZ_ERR_INVALID_INPUT', issues: [expect.objectContaining({ path: 'district' })] });
  });

  it('parses the command line: serve by default, config from flag, env, then the example', () => {
    expect(parseHubCli([], {}, '/srv')).toEqual({
      command: 'serve',
      configPath: '/srv/examples/hub.yaml',
      options: {},
    });
    expect(parseHubCli([], { YIZHAN_HUB_CONFIG: '/etc/yizhan/hub.yaml' }, '/srv').configPath).toBe(
      '/etc/yizhan/hub.yaml',
    );
    expect(parseHubCli(['--config', 'a.yaml'], { YIZHAN_HUB_CONFIG: '/x' }, '/srv').configPath).toBe('/srv/a.yaml');
    expect(() => parseHubCli(['frob'], {}, '/srv')).toThrow('unknown command frob');
    expect(() => parseHubCli(['rotate-key', '--member', 'x'], {}, '/srv')).toThrow(/member/);
  });
});
