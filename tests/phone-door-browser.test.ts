/**
 * The phone scans the door, end to end in Chromium: the kiosk (1080×1920) shows the door QR; a phone (390×844,
 * WeChat's browser) reads it from a screenshot of the kiosk (jsQR), registers (occupation and consent), and the
 * door opens: the lock gets its command, the visit counts once at the station and once at the hub. Then every
 * refusal with its reason on the phone: a reused URL, an old window, another station's code, a revoked member,
 * and a station whose live channel is down (which also hides the kiosk's QR and gives the phone its member
 * code for the scanner, which opens the door offline).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { agentTopics, bundle } from '@yizhan/shared';
import { doorWindowOf, generateDoorKey, signDoorCode } from '@yizhan/shared/door-code';
import { verifyMemberCode } from '@yizhan/shared/member-code';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchBrowser, type TestBrowser, WECHAT_ANDROID_UA } from './support/browser.ts';
import { ORIENTATIONS, SCREENSHOT_DIR, seriousA11yViolations } from './support/kiosk-page.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

// jsQR is CommonJS whose types say ESM: required, as node loads it.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;
const PHONE = { width: 390, height: 844 };
let stack: Stack;
let kioskBrowser: TestBrowser;
let phoneBrowser: TestBrowser;
let probe: MqttProbe;
let kiosk: Page;
const lockCommand = () => `cmnd/${stack.topics.lock}/POWER`;

beforeAll(async () => {
  stack = await startStack();
  probe = await MqttProbe.connect(stack.brokerUrl, [lockCommand()]);
  kioskBrowser = await launchBrowser();
  phoneBrowser = await launchBrowser({ viewport: PHONE, phone: { userAgent: WECHAT_ANDROID_UA } });
  kiosk = await kioskBrowser.context.newPage();
  await kiosk.setViewportSize(ORIENTATIONS.portrait);
  await kiosk.goto(stack.kioskUrl);
});

afterAll(async () => {
  await phoneBrowser?.close();
  await kioskBrowser?.close();
  await probe?.close();
  await stack?.close();
});

/** What a phone camera sees: the kiosk's screen, decoded with a QR library. */
async function readDoorQr(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="door-qr"][data-available="true"] img');
    return img?.complete && img.naturalWidth > 0;
  });
  const png = PNG.sync.read(await page.screenshot({ animations: 'disabled' }));
  const found = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  if (!found) throw new Error('no QR code on the kiosk screen');
  return found.data;
}

async function phoneResult(page: Page) {
  const result = page.getByTestId('phone-result');
  await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toMatch(/true|false/);
  return {
    ok: await result.getAttribute('data-ok'),
    reason: await result.getAttribute('data-reason'),
    text: await result.textContent(),
  };
}

const stationVisits = () => (stack.agent.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
const hubVisits = () =>
  stack.hubRows<{ n: number }>(
    'SELECT coalesce(sum(count), 0) AS n FROM daily_visits WHERE station_id = ?',
    stack.stationId,
  )[0]!.n;

describe('the phone scans the door', () => {
  let phone: Page;
  let firstUrl: string;

  it('reads the QR off the kiosk, registers, and the door opens: one visit at the station and at the hub', async () => {
    firstUrl = await readDoorQr(kiosk);
    expect(firstUrl).toMatch(new RegExp(`^${stack.hubUrl}/d\\?c=${stack.stationId}\\.\\d+\\.`));
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await kiosk.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-door-qr-portrait.png'), animations: 'disabled' });

    phone = await phoneBrowser.context.newPage();
    const errors: string[] = [];
    phone.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await phone.goto(firstUrl);
    // First visit: the six categories and the consent; nothing opens before both are given.
    await expect.poll(() => phone.locator('[data-category]').count()).toBe(6);
    expect(await phone.locator('#go').isDisabled()).toBe(true);
    expect(await phone.locator('.consent').textContent()).toContain('不要姓名和电话');
    await phone.locator('[data-category="courier"]').click();
    expect(await phone.locator('#go').isDisabled()).toBe(true);
    await phone.locator('#agree').check();
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'phone-first-visit.png'), fullPage: true });
    const unlocksBefore = probe.on(lockCommand()).length;
    await phone.locator('#go').click();
    const result = await phoneResult(phone);
    expect(result).toMatchObject({ ok: 'true' });
    expect(result.text).toContain('门已打开');
    expect(result.text).toContain('The door is open');
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'phone-door-open.png') });

    expect((await probe.next(lockCommand(), unlocksBefore)).payload).toBe('ON');
    expect(stationVisits()).toBe(1);
    const visit = stack.agent.db.prepare('SELECT method, category, member FROM visits').get() as Record<string, string>;
    expect(visit).toMatchObject({ method: 'code', category: 'courier' });
    expect(visit.member).toMatch(/^m_/);
    await waitFor(() => hubVisits() === 1, { what: 'the visit at the hub' });
    // The phone keeps a pseudonymous cookie, and nothing else of the worker.
    const cookies = await phoneBrowser.context.cookies(stack.hubUrl);
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: 'yz_phone', httpOnly: true, sameSite: 'Lax' },
    ]);
    expect(errors).toEqual([]);
  });

  it('refuses the same URL again, saying it was used', async () => {
    await phone.goto(firstUrl);
    const result = await phoneResult(phone);
    expect(result).toMatchObject({ ok: 'false', reason: 'used' });
    expect(result.text).toContain('这个二维码您已经用过了');
    expect(stationVisits()).toBe(1);
  });

  it('refuses a code of an old window, saying it expired', async () => {
    const old = stack.agent.doorQr!.codeFor(doorWindowOf(Date.now()) - 2);
    await phone.goto(`${stack.hubUrl}/d?c=${old}`);
    const result = await phoneResult(phone);
    expect(result).toMatchObject({ ok: 'false', reason: 'expired' });
    expect(result.text).toContain('二维码已过期');
    expect(result.text).toContain('请重新扫描门口屏幕上的二维码');
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'phone-refused-expired.png') });
  });

  it('refuses another station’s code, saying it is not a valid station code', async () => {
    // Another station on its own channel, with its own door key.
    const other = await stack.hub.admin.ensureStation({
      id: `${stack.stationId}-b`,
      name: '淮海路工会驿站',
      district: '鼓楼区',
      capacity: 12,
    });
    const otherKey = generateDoorKey();
    const socket = new WebSocket(`${stack.hubUrl.replace('http', 'ws')}/api/v1/stations/${stack.stationId}-b/live`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'hello', doorKey: otherKey.publicKey }));
    await waitFor(
      () => stack.hubRows('SELECT 1 FROM station_door_keys WHERE station_id = ?', `${stack.stationId}-b`)[0],
      {
        what: 'the other station’s key',
      },
    );
    // Signed by this station, naming the other one: the other's key does not vouch for it.
    const forged = signDoorCode(
      (stack.agent.db.prepare('SELECT private_key_pem FROM door_key').get() as { private_key_pem: string })
        .private_key_pem,
      { station: `${stack.stationId}-b`, window: doorWindowOf(Date.now()), nonce: 'abcdefghijkl' },
    );
    await phone.goto(`${stack.hubUrl}/d?c=${forged}`);
    const result = await phoneResult(phone);
    expect(result).toMatchObject({ ok: 'false', reason: 'invalid-code' });
    expect(result.text).toContain('这不是有效的驿站二维码');
    socket.close();
    expect(stationVisits()).toBe(1);
  });

  it('refuses a revoked member, joined to the phone from a member link', async () => {
    const revokedPhone = await phoneBrowser.context
      .browser()
      ?.newContext({ viewport: PHONE, userAgent: WECHAT_ANDROID_UA });
    const page = revokedPhone ? await revokedPhone.newPage() : await phoneBrowser.context.newPage();
    const { token } = await stack.hub.admin.addMemberLink({ member: 'rider-0042', category: 'rider' });
    await page.goto(`${stack.hubUrl}/m/${token}`);
    expect(
      await page.evaluate(
        async (link) =>
          (
            await fetch('/api/v1/phone/member/link', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ link }),
            })
          ).status,
        token,
      ),
    ).toBe(201);
    await stack.hub.admin.revokeMember('rider-0042');
    const url = await readDoorQr(kiosk);
    await page.goto(url);
    const result = await phoneResult(page);
    expect(result).toMatchObject({ ok: 'false', reason: 'revoked' });
    expect(result.text).toContain('您的会员资格已停用');
    await page.close();
  });

  it('hides the kiosk’s QR while the channel is down, and gives the phone its member code for the scanner', async () => {
    const photographed = await readDoorQr(kiosk);
    await stack.agent.channel!.stop();
    await expect.poll(() => kiosk.getByTestId('door-qr').getAttribute('data-available')).toBe('false');
    expect(await kiosk.getByTestId('door-qr').textContent()).toContain('扫码进站暂不可用');
    expect(await kiosk.locator('[data-testid="door-qr"] img').count()).toBe(0);
    await kiosk.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-door-qr-down-portrait.png'), animations: 'disabled' });
    await waitFor(async () => !(await stack.hub.channels.isConnected(stack.stationId)), {
      what: 'the hub to see it go',
    });

    await phone.goto(photographed);
    const result = await phoneResult(phone);
    expect(result).toMatchObject({ ok: 'false', reason: 'station-offline' });
    expect(result.text).toContain('驿站暂时连不上');
    expect(result.text).toContain('请把下面的会员码对准门口的扫码器');
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'phone-station-offline.png'), fullPage: true });
    // The member code on the phone opens the door through the scanner, offline.
    const code = (await phone.locator('#scanner-qr').getAttribute('data-code'))!;
    const keys = bundle.parse(stack.agent.bundle.current()).memberKeys;
    expect(verifyMemberCode(code, keys, Math.floor(Date.now() / 1000))).toMatchObject({
      ok: true,
      claims: { cat: 'courier' },
    });
    const unlocksBefore = probe.on(lockCommand()).length;
    await probe.publish(agentTopics(stack.stationId).doorScan, code);
    expect((await probe.next(lockCommand(), unlocksBefore)).payload).toBe('ON');

    stack.agent.channel!.start();
    await expect
      .poll(() => kiosk.getByTestId('door-qr').getAttribute('data-available'), { timeout: 10_000 })
      .toBe('true');
  });
});
