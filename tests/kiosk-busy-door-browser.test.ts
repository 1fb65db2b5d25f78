/**
 * The kiosk at a busy door, in Chromium with a real agent: a refusal is never covered by the next worker's
 * welcome before its minimum time; welcomes in quick succession are shown together; while someone is using the
 * kiosk, or while the door QR is up, door moments come as a banner that leaves the screen usable.
 */
import { join } from 'node:path';
import { agentTopics } from '@yizhan/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { openKioskPage, SCREENSHOT_DIR, seriousA11yViolations } from './support/kiosk-page.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
let browser: TestBrowser;
let probe: MqttProbe;
let worker = 0;

beforeAll(async () => {
  stack = await startStack();
  probe = await MqttProbe.connect(stack.brokerUrl);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await stack?.close();
});

const openKiosk = () => openKioskPage(browser.context, stack.kioskUrl);

async function scan(category: 'rider' | 'courier' | 'driver' = 'rider'): Promise<void> {
  const code = await stack.hub.admin.issueMemberCode({ member: `busy-worker-${++worker}`, category });
  await probe.publish(agentTopics(stack.stationId).doorScan, code);
}

async function scanExpired(): Promise<void> {
  stack.hubClockOffsetMs = -10 * 60_000;
  const code = await stack.hub.admin.issueMemberCode({ member: `late-worker-${++worker}`, category: 'courier' });
  stack.hubClockOffsetMs = 0;
  await probe.publish(agentTopics(stack.stationId).doorScan, code);
}

describe('door moments at a busy station', () => {
  it('keeps a refusal on screen past the next worker’s welcome, then shows the welcomes that waited', async () => {
    // Without the door QR (its channel down), an untouched kiosk shows door moments full screen.
    await stack.agent.channel!.stop();
    const page = await openKiosk();
    const moment = page.getByTestId('door-moment');
    await scanExpired();
    await expect.poll(() => moment.getAttribute('data-reason')).toBe('expired');
    const refusedAt = Date.now();
    expect(await moment.getAttribute('data-mode')).toBe('full');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-refusal-portrait.png'), animations: 'disabled' });
    await scan('rider');
    await scan('courier');
    await page.waitForTimeout(400);
    // 0.4 s later (where a welcome used to replace it), and until its minimum time, the refusal stays.
    expect(await moment.getAttribute('data-reason')).toBe('expired');
    await expect.poll(() => moment.getAttribute('data-ok'), { timeout: 6_000 }).toBe('true');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(3_800);
    expect(await moment.getAttribute('data-count')).toBe('2');
    const text = await moment.textContent();
    expect(text).toContain('欢迎 2 位工友！');
    expect(text).toContain('外卖骑手');
    expect(text).toContain('快递员');
    await page.close();
  });

  it('shows welcomes in quick succession together', async () => {
    const page = await openKiosk();
    const moment = page.getByTestId('door-moment');
    await scan('rider');
    await scan('rider');
    await scan('driver');
    await expect.poll(() => moment.getAttribute('data-count')).toBe('3');
    const text = await moment.textContent();
    expect(text).toContain('欢迎 3 位工友！');
    expect(text).toContain('外卖骑手 ×2');
    expect(text).toContain('网约车司机');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-welcome-group-portrait.png'), animations: 'disabled' });
    await page.close();
  });

  it('comes as a banner while someone is using the kiosk, and the screen stays usable', async () => {
    const page = await openKiosk();
    await page.getByTestId('nav-events').click();
    await scan('courier');
    const moment = page.getByTestId('door-moment');
    await expect.poll(() => moment.getAttribute('data-category')).toBe('courier');
    expect(await moment.getAttribute('data-mode')).toBe('banner');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-banner-portrait.png'), animations: 'disabled' });
    // The one using it goes on: the navigation answers under the banner.
    await page.getByTestId('nav-more').click();
    expect(await page.getByTestId('kiosk').getAttribute('data-screen')).toBe('more');
    expect(await moment.getAttribute('data-category')).toBe('courier');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('comes as a banner while the door QR is up, so the next worker can still scan it', async () => {
    stack.agent.channel!.start();
    const page = await openKiosk();
    await expect
      .poll(() => page.getByTestId('door-qr').getAttribute('data-available'), { timeout: 10_000 })
      .toBe('true');
    await scan('rider');
    const moment = page.getByTestId('door-moment');
    await expect.poll(() => moment.getAttribute('data-category')).toBe('rider');
    expect(await moment.getAttribute('data-mode')).toBe('banner');
    const qr = await page.locator('[data-testid="door-qr"] img').boundingBox();
    const banner = await page.locator('[data-testid="door-moment"] .door-moment-card').boundingBox();
    // The banner and the QR do not overlap.
    expect(qr!.y + qr!.height <= banner!.y || banner!.y + banner!.height <= qr!.y).toBe(true);
    await page.close();
  });
});
