/**
 * What the kiosk's screen shows, for the office: a picture taken through Chromium's DevTools port (as the kiosk
 * launcher opens it, on 127.0.0.1), asked for from the hub and shown from it; and a kiosk page that stops sending
 * heartbeats (hung) is reported as "not responding" in the agent's /healthz and at the hub.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { ORIENTATIONS, SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { freePort } from './support/ports.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

describe('the kiosk screen seen from the office', () => {
  let stack: Stack;
  let browser: TestBrowser;
  let cookie: string;
  let devtoolsPort: number;

  beforeAll(async () => {
    devtoolsPort = await freePort();
    stack = await startStack({ kiosk: { devtoolsPort, heartbeatTimeoutSeconds: 3 }, dashboard: true });
    browser = await launchBrowser({
      args: [`--remote-debugging-port=${devtoolsPort}`, '--remote-debugging-address=127.0.0.1'],
    });
    cookie = await stack.operatorCookie();
    await waitFor(() => stack.agent.channel?.connected, { what: 'the live channel' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const channelStatus = async () =>
    (await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/channel`, { headers: { cookie } })).json();
  const health = async () => (await fetch(`${stack.kioskUrl}/healthz`)).json();

  it('is absent until a kiosk page says it is alive, then ok at the station and at the hub', async () => {
    expect((await health()).kiosk.status).toBe('absent');
    const page = await browser.context.newPage();
    await page.setViewportSize(ORIENTATIONS.portrait);
    await page.goto(stack.kioskUrl);
    await waitFor(async () => (await health()).kiosk.status === 'ok', { what: 'the kiosk ok' });
    await waitFor(async () => (await channelStatus()).kiosk?.status === 'ok', { what: 'the hub to hear it' });
    expect(await channelStatus()).toMatchObject({ connected: true, kiosk: { status: 'ok' } });
  });

  it('gives the office a picture of what the worker sees', async () => {
    const page = browser.context.pages().find((p) => p.url().startsWith(stack.kioskUrl))!;
    await page.waitForSelector('[data-testid="door-qr"][data-available="true"] img');
    const taken = await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/screen`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(taken.status).toBe(201);
    const { takenAt } = await taken.json();
    const picture = await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/screen.png`, {
      headers: { cookie },
    });
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(picture.headers.get('x-taken-at')).toBe(takenAt);
    const png = PNG.sync.read(Buffer.from(await picture.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1080, 1920]);
    // It is the kiosk as it is: its door QR reads from the office's picture.
    const qr = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    expect(qr?.data).toContain(`/d?c=${stack.stationId}.`);
    expect((await channelStatus()).screenTakenAt).toBe(takenAt);
  });

  it('shows the office the channel, the kiosk and its screen on the station page, and switches a plug', async () => {
    const office = await browser.context.newPage();
    await office.setViewportSize({ width: 1440, height: 1100 });
    await office.goto(stack.hubUrl);
    await office.getByLabel('用户名').fill('office');
    await office.getByLabel('密码').fill('office-password');
    await office.getByRole('button', { name: '登录' }).click();
    await office.locator('tr[data-station]').first().waitFor();
    await office.goto(`${stack.hubUrl}/#/station/${stack.stationId}`);
    const remote = office.getByTestId('station-remote');
    await expect.poll(() => remote.getByTestId('channel-state').textContent()).toBe('实时通道已连接');
    expect(await remote.getByTestId('kiosk-state').getAttribute('data-status')).toBe('ok');
    await remote.getByRole('button', { name: '查看当前画面' }).click();
    await remote.getByTestId('screen-picture').waitFor();
    await office.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="screen-picture"]');
      return img?.complete && img.naturalWidth === 1080;
    });
    await remote.locator('[data-appliance="microwave"]').getByRole('button', { name: '关闭' }).click();
    await expect
      .poll(() => remote.locator('[data-appliance="microwave"] [data-last]').getAttribute('data-last'))
      .toBe('off');
    expect(await remote.locator('[data-appliance="microwave"]').textContent()).toContain('office');
    await office.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-station-remote.png'), fullPage: true });
    await office.close();
  });

  it('reports a hung page as not responding, at the station and at the hub', async () => {
    const page = browser.context.pages().find((p) => p.url().startsWith(stack.kioskUrl))!;
    // The page's script never returns: no more heartbeats, as with a hung or crashed renderer.
    void page
      .evaluate(() => {
        for (;;) {
          /* hung */
        }
      })
      .catch(() => undefined);
    await waitFor(async () => (await health()).kiosk.status === 'not-responding', {
      timeoutMs: 10_000,
      what: 'the agent to see the page hung',
    });
    await waitFor(async () => (await channelStatus()).kiosk?.status === 'not-responding', {
      what: 'the hub to hear it',
    });
  });
});
