/**
 * The kiosk (from the agent) and the dashboard (from the hub) go over the wire as their builds' Brotli or gzip
 * copies (shared/src/build/precompress.ts), chosen by the browser's Accept-Encoding, and as plain files to a
 * client that asks for none: the real builds, served by the real servers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, dashboardDistDir, type HubApp, parseHubConfig } from '@yizhan/hub';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let agent: Agent;
let hub: HubApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-compressed-'));
  const config = parseAgentConfig(
    {
      station: { id: 'compressed-test', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      dataDir: join(dir, 'station'),
      devices: [],
      services: ['water'],
    },
    dir,
  );
  agent = await buildAgent(config, { kioskDir: kioskDistDir });
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }), { dashboardDir: dashboardDistDir });
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `/` and the scripts and styles its page loads. */
function pageFiles(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  return ['index.html', ...new Set(assets)];
}

describe.each([
  { name: 'the kiosk, from the agent', dist: kioskDistDir, app: () => agent.http },
  { name: 'the dashboard, from the hub', dist: dashboardDistDir, app: () => hub },
])('$name', ({ dist, app }) => {
  it('sends each file of the page as its Brotli copy to Chromium, gzip to a gzip-only client, plain to the rest', async () => {
    const files = pageFiles(dist);
    expect(files.length).toBeGreaterThanOrEqual(3);
    let plainBytes = 0;
    let servedBytes = 0;
    for (const file of files) {
      const url = file === 'index.html' ? '/' : `/${file}`;
      const get = (encoding?: string) =>
        app().inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
      const chromium = await get('gzip, deflate, br, zstd');
      expect([chromium.statusCode, chromium.headers['content-encoding']], url).toEqual([200, 'br']);
      expect(chromium.rawPayload.equals(readFileSync(join(dist, `${file}.br`))), url).toBe(true);
      const gzipOnly = await get('gzip');
      expect(gzipOnly.headers['content-encoding'], url).toBe('gzip');
      expect(gzipOnly.rawPayload.equals(readFileSync(join(dist, `${file}.gz`))), url).toBe(true);
      const plain = await get();
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.rawPayload.equals(readFileSync(join(dist, file))), url).toBe(true);
      plainBytes += plain.rawPayload.length;
      servedBytes += chromium.rawPayload.length;
    }
    // Minified JavaScript compresses to well under a third.
    expect(servedBytes).toBeLessThan(plainBytes / 3);
  });
});
