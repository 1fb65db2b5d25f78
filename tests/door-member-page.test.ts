/** The member page in a real Chromium: a phone shows a live QR of a code the station would accept. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { bundle } from '@yizhan/shared';
import { verifyMemberCode } from '@yizhan/shared/member-code';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';

describe('member page in Chromium', () => {
  let dir: string;
  let hub: HubApp;
  let url: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-member-page-'));
    hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }));
    await hub.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
    browser = await launchBrowser({ viewport: { width: 390, height: 780 } });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a QR of a valid code, its category and the seconds left', async () => {
    const { token } = await hub.admin.ensureStation({
      id: 'quanshan-sanbao',
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    });
    const { token: link, member } = await hub.admin.addMemberLink({ member: 'rider-0042', category: 'rider' });
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${url}/m/${link}`);
    await page.waitForSelector('#qr svg');
    await page.waitForFunction(() => /有效 \d+ 秒/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.textContent('.who')).toBe('外卖骑手 · Delivery rider');
    const code = await page.getAttribute('#qr', 'data-code');
    const res = await fetch(`${url}/api/v1/stations/quanshan-sanbao/bundle`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const keys = bundle.parse(await res.json()).memberKeys;
    expect(verifyMemberCode(code!, keys, Math.floor(Date.now() / 1000))).toMatchObject({
      ok: true,
      claims: { sub: member, cat: 'rider' },
    });
    expect(errors).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/member-page.png' });
  });
});
