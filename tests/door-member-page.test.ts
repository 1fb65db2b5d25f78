/** The member page in a real Chromium: a phone shows a live QR of a code the station would accept. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { bundle } from '@yizhan/shared';
import { verifyMemberCode } from '@yizhan/shared/member-code';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR } from './support/kiosk-page.ts';

/** The smallest font size (px) of any visible text on the page. */
function smallestText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let smallest = Number.POSITIVE_INFINITY;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || parent.closest('[hidden], script, style, svg')) continue;
      smallest = Math.min(smallest, Number.parseFloat(getComputedStyle(parent).fontSize));
    }
    return smallest;
  });
}

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
    // Chinese, and the English apart beneath it.
    expect(await page.textContent('.who .zh')).toBe('外卖骑手');
    expect(await page.textContent('.who .en')).toBe('Delivery rider');
    expect(await page.textContent('.hint')).toContain('请把屏幕亮度调到最高');
    const code = await page.getAttribute('#qr', 'data-code');
    const res = await fetch(`${url}/api/v1/stations/quanshan-sanbao/bundle`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const keys = bundle.parse(await res.json()).memberKeys;
    expect(verifyMemberCode(code!, keys, Math.floor(Date.now() / 1000))).toMatchObject({
      ok: true,
      claims: { sub: member, cat: 'rider' },
    });
    expect(await smallestText(page)).toBeGreaterThanOrEqual(18);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'member-page.png'), fullPage: true });

    // The same worker's phone can scan the door QR from now on: the link is joined to a phone cookie.
    await page.locator('#join').click();
    await page.waitForSelector('#joined:not([hidden])');
    const cookies = await browser.context.cookies(url);
    expect(cookies.map((c) => c.name)).toContain('yz_phone');
  });

  it('answers a bad or stopped link with a page that says so, not JSON', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/m/yzml_not-a-real-link', `/m/yzml_${'A'.repeat(43)}`, '/m/%E4%BD%A0%E5%A5%BD']) {
      const res = await page.goto(`${url}${path}`);
      expect(res?.status(), path).toBe(404);
      expect(res?.headers()['content-type'], path).toContain('text/html');
      expect(await page.textContent('h1 .zh')).toBe('链接无效或已停用');
      expect(await page.textContent('h1 .en')).toBe('This link is not valid, or has been stopped');
      expect(await smallestText(page)).toBeGreaterThanOrEqual(18);
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'member-page-bad-link.png') });
  });
});
