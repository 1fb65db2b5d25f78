/**
 * The kiosk in a real Chromium against a real agent, hub and broker: every screen renders from the agent, live
 * payloads and door results show up, the walk-in and a problem report reach the station's database and outbox,
 * the language toggles, idle resets, and axe-core finds nothing serious. Saves the screenshots docs/ shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentTopics } from '@yizhan/shared';
import { tasmota } from '@yizhan/simulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import {
  KIOSK_CONTENT,
  KIOSK_MORNING,
  KIOSK_NIGHT,
  ORIENTATIONS,
  SCREENSHOT_DIR,
  seriousA11yViolations,
} from './support/kiosk-page.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';

type Orientation = keyof typeof ORIENTATIONS;

let stack: Stack;
let browser: TestBrowser;
let probe: MqttProbe;

beforeAll(async () => {
  stack = await startStack({
    kiosk: {
      joinUnionUrl: 'https://www.xzzgh.org.cn/join',
      idleSeconds: 30,
      nightMode: { from: '22:00', to: '06:00' },
    },
    // One walk-in a minute: the walk-in test takes it, and the last test meets the limit however slow the machine.
    visits: { walkInsPerMinute: 1 },
  });
  // The test's own week of events stands in for the hub's schedules: stop the pull that would replace it.
  await stack.agent.sync?.stop();
  const current = stack.agent.bundle.current()!;
  stack.agent.bundle.save({ ...current, version: 'kiosk-e2e', ...KIOSK_CONTENT }, new Date());
  stack.agent.kioskContent.bundleChanged();
  probe = await MqttProbe.connect(stack.brokerUrl);
  const idle = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: 0.5, energyKWh: 30.4 });
  await probe.publish(idle.topic, idle.payload);
  await probe.publish(stack.topics.pir, JSON.stringify({ occupancy: false, battery: 90, linkquality: 120 }));
  // New York, so a time shown in the machine's zone instead of the station's would be caught.
  browser = await launchBrowser({ timezoneId: 'America/New_York' });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await stack?.close();
});

/** A kiosk page at `at` (the page's clock, running from there) in the given orientation, loaded and live. */
async function openKiosk(at: Date, orientation: Orientation = 'portrait'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(ORIENTATIONS[orientation]);
  await page.clock.install({ time: at });
  await page.goto(stack.kioskUrl);
  await expect.poll(() => page.getByTestId('connection').getAttribute('data-connected')).toBe('true');
  await expect.poll(() => page.locator('[data-device="rest-area"]').getAttribute('data-status')).toBe('clear');
  return page;
}

async function expectAccessible(page: Page) {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

const shot = (page: Page, name: string, orientation: Orientation) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `kiosk-${name}-${orientation}.png`), animations: 'disabled' });

describe('home', () => {
  it.each(['portrait', 'landscape'] as const)(
    'renders from the agent in %s, in the station zone',
    async (orientation) => {
      const page = await openKiosk(KIOSK_MORNING, orientation);
      expect(await page.getByTestId('station-name').textContent()).toBe('三胞广场工会驿站');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      // 10:00 in Xuzhou is 21:00 the day before in New York, where the browser thinks it is.
      expect(await page.getByTestId('clock').textContent()).toBe('10:00');
      expect(await page.locator('[data-device="microwave"]').getAttribute('data-status')).toBe('free');
      expect(await page.locator('[data-device="microwave"]').textContent()).toContain('空闲');
      expect(
        await page
          .getByTestId('also-here')
          .locator('li')
          .evaluateAll((li) => li.map((l) => l.dataset.service)),
      ).toEqual(['water', 'charging', 'toilet', 'first-aid', 'heating', 'hot-drinks', 'wifi']);
      expect(await page.getByTestId('announcements').textContent()).toContain('冬季每天 7:00–9:00 免费供应热粥、姜茶');
      expect(await page.locator('.today-teaser [data-event]').evaluateAll((e) => e.map((x) => x.textContent))).toEqual([
        '09:00–11:00进行中每周一爱心理发',
        '16:00–19:00冬至包饺子',
      ]);
      await expectAccessible(page);
      await shot(page, 'home', orientation);
      await page.close();
    },
  );

  it('shows a published plug payload change the microwave from free to in use', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    const card = page.locator('[data-device="microwave"]');
    const busy = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: 812.4, energyKWh: 30.47 });
    await probe.publish(busy.topic, busy.payload);
    await expect.poll(() => card.getAttribute('data-status')).toBe('in-use');
    expect(await card.textContent()).toContain('使用中');
    await page.close();
  });
});

describe('events', () => {
  it.each(['portrait', 'landscape'] as const)('lists today and this week in %s', async (orientation) => {
    const page = await openKiosk(KIOSK_MORNING, orientation);
    await page.getByTestId('nav-events').click();
    const today = page.getByTestId('events-today');
    expect(await today.locator('[data-event]').evaluateAll((e) => e.map((x) => x.getAttribute('data-event')))).toEqual([
      'haircut-2026-12-21',
      'solstice-2026',
    ]);
    const solstice = await today.locator('[data-event="solstice-2026"]').textContent();
    expect(solstice).toContain('16:00–19:00');
    expect(solstice).toContain('请带工会会员卡（领礼包）');
    expect(solstice).toContain('面向骑手、快递员、女职工');
    const week = page.getByTestId('events-week');
    expect(await week.locator('h4').allTextContents()).toEqual(['12月23日星期三', '12月25日星期五']);
    expect(await week.locator('[data-event="legal-aid-2026-12-23"]').textContent()).toContain('14:00–17:00');
    await expectAccessible(page);
    await shot(page, 'events', orientation);
    await page.close();
  });
});

describe('door moments', () => {
  it.each(['portrait', 'landscape'] as const)(
    'welcomes an admitted rider by category only (%s)',
    async (orientation) => {
      const page = await openKiosk(KIOSK_MORNING, orientation);
      const code = await stack.hub.admin.issueMemberCode({ member: 'worker-13912345678', category: 'rider' });
      await probe.publish(agentTopics(stack.stationId).doorScan, code);
      const moment = page.getByTestId('door-moment');
      await expect.poll(() => moment.getAttribute('data-ok')).toBe('true');
      expect(await moment.getAttribute('data-category')).toBe('rider');
      const text = await moment.textContent();
      expect(text).toContain('欢迎，外卖骑手朋友！');
      expect(text).not.toContain('13912345678');
      expect(text).not.toContain(await stack.hub.admin.memberPseudonym('worker-13912345678'));
      await expectAccessible(page);
      await shot(page, 'welcome', orientation);
      await page.close();
    },
  );

  it('tells the worker to refresh an expired code', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    stack.hubClockOffsetMs = -10 * 60_000;
    const code = await stack.hub.admin.issueMemberCode({ member: 'worker-expired', category: 'courier' });
    stack.hubClockOffsetMs = 0;
    await probe.publish(agentTopics(stack.stationId).doorScan, code);
    const moment = page.getByTestId('door-moment');
    await expect.poll(() => moment.getAttribute('data-reason')).toBe('expired');
    expect(await moment.textContent()).toContain('请刷新您的会员码');
    await expectAccessible(page);
    await page.close();
  });

  it('counts a walk-in as a visit with its category and welcomes it', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    const before = stack.agent.db.prepare("SELECT count(*) AS n FROM visits WHERE method = 'walk-in'").get() as {
      n: number;
    };
    await page.getByTestId('nav-walk-in').click();
    await expectAccessible(page);
    await page.locator('button[data-category="sanitation"]').click();
    const moment = page.getByTestId('door-moment');
    await expect.poll(() => moment.getAttribute('data-category')).toBe('sanitation');
    expect(await moment.textContent()).toContain('欢迎，环卫工人朋友！');
    const rows = stack.agent.db
      .prepare("SELECT method, category, member, code_id FROM visits WHERE method = 'walk-in' ORDER BY started_at")
      .all();
    expect(rows).toHaveLength(before.n + 1);
    expect(rows.at(-1)).toEqual({ method: 'walk-in', category: 'sanitation', member: null, code_id: null });
    expect(await page.locator('[data-testid="kiosk"]').getAttribute('data-screen')).toBe('home');
    await page.close();
  });
});

describe('report a problem', () => {
  it('sends the category and place to the agent, which keeps it in its outbox for the hub', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    await page.getByTestId('nav-report').click();
    await expectAccessible(page);
    await page.locator('button[data-feedback="gate"]').click();
    expect(await page.locator('button[data-feedback="gate"]').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('report-place').fill('万达广场北门道闸');
    await page.getByTestId('report-send').click();
    await page.getByTestId('report-sent').waitFor();
    const feedback = stack.agent.db.prepare('SELECT id, category, place FROM feedback').all() as {
      id: string;
      category: string;
      place: string;
    }[];
    expect(feedback).toEqual([{ id: expect.any(String), category: 'gate', place: '万达广场北门道闸' }]);
    const outbox = stack.agent.db.prepare("SELECT body FROM outbox WHERE type = 'feedback.created'").all() as {
      body: string;
    }[];
    expect(outbox.map((r) => JSON.parse(r.body))).toEqual([
      { feedbackId: feedback[0]!.id, category: 'gate', place: '万达广场北门道闸' },
    ]);
    await expectAccessible(page);
    await shot(page, 'report', 'portrait');
    await page.close();
  });
});

describe('nearby and join', () => {
  it('lists nearby stations by distance, open now in the station zone, the join QR and the injury declaration QR', async () => {
    const page = await openKiosk(KIOSK_NIGHT);
    await page.getByTestId('nav-more').click();
    const cards = page.getByTestId('nearby').locator('[data-station]');
    expect(await cards.evaluateAll((c) => c.map((x) => x.getAttribute('data-station')))).toEqual([
      'gulou-huaihai',
      'yunlong-lakeside',
      'jingkai-hub',
    ]);
    // 23:30 in Xuzhou: the lakeside station (08:00-20:00) and the Jingkai one (07:00-22:00) are closed.
    expect(await cards.locator('.nearby-open').allTextContents()).toEqual(['24小时开放', '现在关闭', '现在关闭']);
    for (const section of ['join', 'injury-declaration']) {
      const qr = page.getByTestId(section).locator('img');
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
    }
    // The injury declaration QR (工伤探视 码上申报) comes from the hub's bundle.
    expect(await page.getByTestId('injury-declaration').textContent()).toContain('工伤探视 码上申报');
    await expectAccessible(page);
    await shot(page, 'more', 'portrait');
    await page.getByTestId('injury-declaration').scrollIntoViewIfNeeded();
    await shot(page, 'more-injury', 'portrait');
    await page.close();
  });
});

describe('language', () => {
  it('switches every string to English and back, with lang on the page and on Chinese-only names', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    const html = page.locator('html');
    await page.getByTestId('language-toggle').click();
    expect(await html.getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('nav-home').textContent()).toBe('Home');
    expect(await page.locator('[data-device="rest-area"] .service-status').textContent()).toBe('Free');
    expect(await page.getByTestId('station-name').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('announcements').textContent()).toContain('Free hot porridge and ginger tea');
    await expectAccessible(page);
    await page.getByTestId('language-toggle').click();
    expect(await html.getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('nav-home').textContent()).toBe('首页');
    expect(await page.getByTestId('station-name').getAttribute('lang')).toBe('zh-CN');
    await page.close();
  });
});

describe('idle', () => {
  it('warns after the idle time, stays when dismissed, and otherwise resets to home in Chinese', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    const kiosk = page.getByTestId('kiosk');
    await page.getByTestId('nav-events').click();
    await page.getByTestId('language-toggle').click();
    await page.clock.runFor(29_000);
    expect(await page.getByTestId('idle-warning').count()).toBe(0);
    await page.clock.runFor(1_500);
    await page.getByTestId('idle-warning').waitFor();
    await expectAccessible(page);
    await page.getByTestId('idle-stay').click();
    expect(await page.getByTestId('idle-warning').count()).toBe(0);
    expect(await kiosk.getAttribute('data-screen')).toBe('events');

    await page.clock.runFor(30_500);
    await page.getByTestId('idle-warning').waitFor();
    await page.clock.runFor(10_500);
    await expect.poll(() => kiosk.getAttribute('data-screen')).toBe('home');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('idle-warning').count()).toBe(0);
    await page.close();
  });
});

describe('night mode', () => {
  it.each(['portrait', 'landscape'] as const)('dims the screen on the night schedule (%s)', async (orientation) => {
    const page = await openKiosk(KIOSK_NIGHT, orientation);
    expect(await page.getByTestId('kiosk').getAttribute('data-night')).toBe('true');
    expect(await page.getByTestId('clock').textContent()).toBe('23:30');
    const background = await page.getByTestId('kiosk').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(20, 16, 16)');
    await expectAccessible(page);
    await shot(page, 'night', orientation);
    await page.close();
  });

  it('is off in the daytime', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    expect(await page.getByTestId('kiosk').getAttribute('data-night')).toBe('false');
    await page.close();
  });
});

describe('walk-ins faster than people arrive', () => {
  it('asks the worker to wait a few seconds, and counts nothing', async () => {
    const page = await openKiosk(KIOSK_MORNING);
    await page.getByTestId('nav-walk-in').click();
    const walkIns = () => stack.agent.db.prepare("SELECT count(*) FROM visits WHERE method = 'walk-in'").pluck().get();
    // This station counts one walk-in a minute, and the walk-in test above took it.
    const before = walkIns();
    await page.locator('button[data-category="rider"]').click();
    const error = page.getByTestId('walk-in-error');
    await expect.poll(() => error.getAttribute('data-reason')).toBe('too-fast');
    expect(await error.textContent()).toBe('刚刚有很多人登记，请稍等几秒再点');
    expect(walkIns()).toBe(before);
    await expectAccessible(page);
    await shot(page, 'walk-in-too-fast', 'portrait');
    await page.close();
  });
});
