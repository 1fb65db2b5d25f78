/**
 * The hub's API as a newcomer meets it: `/api/v1` in Chromium opens the browsable docs, which render every
 * path of the OpenAPI document under the hub's own security headers. Saves docs/screenshots/hub-api-docs.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';

const SCREENSHOT = fileURLToPath(new URL('../docs/screenshots/hub-api-docs.png', import.meta.url));
let dir: string;
let hub: HubApp;
let browser: TestBrowser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-api-docs-'));
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }));
  await hub.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('opens /api/v1 as the browsable docs, one block per operation of the OpenAPI document', async () => {
  const { port } = hub.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  const page = await browser.context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') refused.push(m.text());
  });
  await page.goto(`${base}/api/v1`);
  expect(new URL(page.url()).pathname).toMatch(/^\/api\/v1\/docs\/?/);
  await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator('.opblock').count()).toBe(operations);
  expect(await page.locator('.info .title').textContent()).toContain('Yizhan hub');
  expect(await page.locator('.opblock-summary-path').allTextContents()).toContain('/api/v1/sync');
  // Swagger UI runs under the hub's own policy: nothing it needs is refused.
  expect(refused).toEqual([]);
  await page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
});
