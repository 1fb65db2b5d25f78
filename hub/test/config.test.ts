import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubConfigError, loadHubConfig, parseHubConfig } from '../src/config.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(text: string): string {
  const path = join(dir, 'hub.yaml');
  writeFileSync(path, text);
  return path;
}

function configError(run: () => unknown): HubConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubConfigError) return error;
    throw error;
  }
  throw new Error('expected a HubConfigError');
}

describe('hub config', () => {
  it('loads the example config with defaults, the database relative to the file, frozen', () => {
    const config = loadHubConfig(resolve(import.meta.dirname, '../../examples/hub.yaml'), {});
    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 8700 },
      database: { engine: 'sqlite', path: resolve(import.meta.dirname, '../../.data/hub/hub.db') },
      timezone: 'Asia/Shanghai',
      session: { ttlMinutes: 720, secureCookie: false },
      live: { offlineAfterSeconds: 180, checkSeconds: 10 },
      phone: { perMemberPerMinute: 10, perAddressPerMinute: 120 },
      metrics: { token: 'demo-metrics-token-not-secret' },
      injuries: expect.objectContaining({
        key: 'ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLWxpdmU=',
        publicUrl: 'http://127.0.0.1:8700',
        followUpDays: 15,
        eraseAfterMonths: 12,
        causes: expect.arrayContaining([{ id: 'misoperation', zh: '操作不当', en: 'Misoperation' }]),
      }),
      map: { attribution: '', subdomains: '', maxZoom: 18 },
      alarms: { silentAfterMinutes: 30, escalateMinutes: 30, checkSeconds: 15 },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.listen)).toBe(true);
  });

  it('fills defaults for a minimal config and substitutes environment references from the given env only', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
    const path = write('database: ${DB_DIR}/hub.db\nlisten:\n  port: ${PORT}\n');
    const config = loadHubConfig(path, { DB_DIR: 'data', PORT: '9100' });
    expect(config.database).toEqual({ engine: 'sqlite', path: join(dir, 'data/hub.db') });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(config.timezone).toBe('Asia/Shanghai');
  });

  it('refuses an alarm webhook that is not an http(s) URL, naming the field', () => {
    const path = write('database: hub.db\nalarms:\n  webhook: { url: "ftp://example.cn/robot" }\n');
    expect(() => loadHubConfig(path, {})).toThrow(/alarms\.webhook\.url: an http:\/\/ or https:\/\/ URL/);
  });

  it('refuses a metrics token too short to be a secret', () => {
    const error = configError(() => loadHubConfig(write('database: hub.db\nmetrics:\n  token: short\n'), {}));
    expect(error.message).toContain('metrics.token');
    expect(error.message).toContain('at least 24 characters');
  });

  it('refuses an injury-visit key that is not 32 random bytes in base64, naming the field', () => {
    for (const key of ['short', Buffer.alloc(16, 1).toString('base64'), Buffer.alloc(32).toString('base64')]) {
      const error = configError(() => loadHubConfig(write(`database: hub.db\ninjuries:\n  key: ${key}\n`), {}));
      expect(error.message).toContain('injuries.key');
      expect(error.message).toContain('32 random bytes in base64');
    }
    const ok = loadHubConfig(
      write(`database: hub.db\ninjuries:\n  key: ${Buffer.alloc(32, 5).toString('base64')}\n`),
      {},
    );
    expect(ok.injuries?.limits).toEqual({
      declarationsPerAddressPerHour: 5,
      declarationsPerPhonePerDay: 3,
      lookupsPerAddressPerMinute: 20,
    });
    const lists = configError(() =>
      loadHubConfig(
        write(
          `database: hub.db\ninjuries:\n  key: ${Buffer.alloc(32, 5).toString('base64')}\n  causes:\n    - { id: fall, zh: 坠落, en: Fall }\n    - { id: fall, zh: 跌倒, en: Fell }\n`,
        ),
        {},
      ),
    );
    expect(lists.message).toContain('injuries.causes');
    expect(lists.message).toContain('each id once');
  });

  it('lists the path of every bad field at once', () => {
    const error = configError(() =>
      loadHubConfig(
        write('listen:\n  port: 70000\n  hots: 0.0.0.0\ntimezone: Mars/Olympus\nsession:\n  ttlMinutes: 0\n'),
        {},
      ),
    );
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'database',
      'listen',
      'listen.port',
      'session.ttlMinutes',
      'timezone',
    ]);
    expect(error.issues.find((i) => i.path === 'listen')!.message).toContain('hots');
    expect(error.message).toContain('  - listen.port: ');
    expect(error.message).toContain('  - timezone: an IANA time zone such as Asia/Shanghai');
  });

  it('names the field whose environment variable is missing', () => {
    const error = configError(() =>
      // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
      loadHubConfig(write('database: ${HUB_DB}\nlisten:\n  port: ${HUB_PORT}\n'), { HUB_DB: 'x.db' }),
    );
    expect(error.issues).toEqual([{ path: 'listen.port', message: 'environment variable HUB_PORT is not set' }]);
  });

  it('reports an unreadable or malformed file as a config error', () => {
    expect(configError(() => loadHubConfig(join(dir, 'missing.yaml'), {})).issues[0]!.message).toMatch(
      /^cannot read file/,
    );
    expect(configError(() => loadHubConfig(write('listen: [unclosed\n'), {})).issues[0]!.message).toMatch(
      /^not valid YAML/,
    );
    expect(configError(() => parseHubConfig(null)).issues).toHaveLength(1);
  });
});
