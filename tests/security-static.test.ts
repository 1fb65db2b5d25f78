/**
 * Path traversal on the static files: the agent serves the kiosk at `/`, the hub its dashboard. Copies of
 * both built folders sit in a temp dir beside a secret file; every spelling of "go up" (plain, encoded,
 * double-encoded, backslashes, overlong UTF-8, absolute paths, null bytes), over `inject` and over a real
 * socket, gets a file from inside the folder or a refusal — never the secret, never /etc/passwd.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, dashboardDistDir, type HubApp, parseHubConfig } from '@yizhan/hub';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MARKER = `yizhan-secret-${Math.random().toString(36).slice(2)}`;
let dir: string;
let agent: Agent;
let hub: HubApp;
const served: { name: string; app: () => Agent['http'] | HubApp; dist: string; files: Set<string> }[] = [];
let tried = 0;

function filesUnder(root: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.add(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-traversal-'));
  // <dir>/secret.txt, <dir>/web/secret.txt and <dir>/web/{kiosk,dashboard}/.env hold the marker.
  writeFileSync(join(dir, 'secret.txt'), MARKER);
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'secret.txt'), MARKER);
  const kiosk = join(dir, 'web', 'kiosk');
  const dashboard = join(dir, 'web', 'dashboard');
  cpSync(kioskDistDir, kiosk, { recursive: true });
  cpSync(dashboardDistDir, dashboard, { recursive: true });
  const kioskFiles = filesUnder(kiosk);
  const dashboardFiles = filesUnder(dashboard);
  writeFileSync(join(kiosk, '.env'), MARKER);
  writeFileSync(join(dashboard, '.env'), MARKER);

  const config = parseAgentConfig(
    {
      station: { id: 'traversal-test', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      dataDir: join(dir, 'station'),
      devices: [],
      services: ['water'],
    },
    dir,
  );
  agent = await buildAgent(config, { kioskDir: kiosk });
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }), { dashboardDir: dashboard });
  await agent.http.listen({ host: '127.0.0.1', port: 0 });
  await hub.listen({ host: '127.0.0.1', port: 0 });
  served.push(
    { name: 'agent', app: () => agent.http, dist: kiosk, files: kioskFiles },
    { name: 'hub', app: () => hub, dist: dashboard, files: dashboardFiles },
  );
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`traversal: ${tried} requests against the kiosk and the dashboard, none left the folder`);
});

const UP = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%u002e%u002e', '....', '..;'];
const SEP = ['/', '%2f', '%2F', '%5c', '\\', '%252f', '%c0%af', '//', '/./'];
const TARGETS = ['secret.txt', 'web/secret.txt', 'etc/passwd', '.env', 'web/kiosk/.env'];

function fixedAttacks(): string[] {
  const abs = join(dir, 'secret.txt');
  return [
    '/../secret.txt',
    '/../../secret.txt',
    '/..%2fsecret.txt',
    '/..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..\\secret.txt',
    '/..%5c..%5csecret.txt',
    '/assets/../../secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    `/${abs}`,
    `/${encodeURIComponent(abs)}`,
    `/..${abs}`,
    '/secret.txt%00.html',
    '/index.html%00/../../secret.txt',
    '/.env',
    '/%2eenv',
    '/assets/../.env',
    '/..;/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/..%c0%afsecret.txt',
    '/....//....//secret.txt',
    '/../../../../../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/C:\\Windows\\win.ini',
    '/file:///etc/passwd',
  ];
}

/** The answer is a refusal, or a file that really is in the folder; never the secret. */
function checkAnswer(
  site: (typeof served)[number],
  url: string,
  status: number,
  body: string,
  contentType: string | undefined,
) {
  tried++;
  const what = `${site.name} ${url} → ${status}`;
  expect(body, what).not.toContain(MARKER);
  expect(body, what).not.toMatch(/root:.*:0:0:/);
  expect(status, what).toBeLessThan(500);
  // A 200 is a real file of the folder, or the API's own JSON (e.g. a 404 body is JSON, not a file).
  if (status === 200 && !String(contentType).startsWith('application/json')) {
    expect(site.files.has(body), what).toBe(true);
  }
}

/** One GET over a real socket, with the path written exactly as given (no client normalises it). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string; contentType?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: ([^\r]+)/i.exec(text)?.[1];
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), contentType });
    });
  });
}

describe('path traversal on static files', () => {
  it('serves the real files (the checks below would catch a folder that serves nothing)', async () => {
    for (const site of served) {
      const res = await site.app().inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(site.files.has(res.body)).toBe(true);
    }
  });

  it('refuses every known spelling of "up", over a real socket', async () => {
    for (const site of served) {
      const { port } = site.app().server.address() as { port: number };
      for (const path of fixedAttacks()) {
        const res = await rawGet(port, path);
        // 400 for a request line the server will not parse (e.g. a backslash) is a refusal too.
        checkAnswer(site, path, res.status === 0 ? 400 : res.status, res.body, res.contentType);
      }
    }
  });

  it('refuses generated ones: any mix of dot-dot and separator spellings, to any target', async () => {
    const attack = fc
      .record({
        lead: fc.constantFrom('', 'assets/', 'assets/x/', './'),
        ups: fc.array(fc.tuple(fc.constantFrom(...UP), fc.constantFrom(...SEP)), { minLength: 1, maxLength: 7 }),
        target: fc.constantFrom(...TARGETS),
        tail: fc.constantFrom('', '%00', '%00.html', '?x=1', '#x', '/', '.'),
      })
      .map(({ lead, ups, target, tail }) => `/${lead}${ups.map(([u, s]) => u + s).join('')}${target}${tail}`);
    await fc.assert(
      fc.asyncProperty(attack, fc.constantFrom(0, 1), async (url, which) => {
        const site = served[which]!;
        let res: { statusCode: number; body: string; headers: Record<string, unknown> };
        try {
          res = await site.app().inject({ method: 'GET', url });
        } catch {
          // light-my-request refuses some request lines outright; nothing reached the server.
          return;
        }
        checkAnswer(site, url, res.statusCode, res.body, res.headers['content-type'] as string | undefined);
      }),
      { numRuns: 1_500 },
    );
  });
});
