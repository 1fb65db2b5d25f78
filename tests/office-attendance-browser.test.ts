/**
 * Event attendance in a real Chromium against the demo's plan with two real agents: an event that asks for
 * sign-in, a worker's member code scanned at the door while it runs (the kiosk says 已签到, once per member), a
 * tap on the kiosk counted apart, and the office's count per occurrence on the schedules page and in the monthly
 * report.
 */
import { join } from 'node:path';
import { agentTopics, localDayOf, zoneClock } from '@yizhan/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { type OfficeWorld, signIn, startOfficeWorld } from './support/office-world.ts';
import { waitFor } from './support/wait.ts';

let world: OfficeWorld;
let browser: TestBrowser;
let office: Page;
let kiosk: Page;
let eventId: string;

const SANBAO = 'quanshan-sanbao';
const zone = zoneClock('Asia/Shanghai');

beforeAll(async () => {
  world = await startOfficeWorld();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  office = await browser.context.newPage();
  kiosk = await browser.context.newPage();
  for (const p of [office, kiosk]) p.setDefaultTimeout(10_000);
  await kiosk.setViewportSize({ width: 1080, height: 1920 });
  await signIn(office, world.url);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('event attendance', () => {
  it('takes sign-ins while an event that asks for them runs: a member code once per member, a tap counted apart', async () => {
    // Running now: from half an hour ago for three hours, in the hub's zone (a one-off, so its id is the schedule's).
    const start = zone.localMinute(Date.now() - 30 * 60_000);
    const end = zone.localMinute(Date.now() + 150 * 60_000);
    const made = await world.api('POST', '/api/v1/schedules', {
      title: { zh: '冬日暖心礼包发放', en: 'Winter gift packs' },
      bring: { zh: '工会会员码', en: 'Your union member code' },
      signIn: true,
      target: { kind: 'station', stationId: SANBAO },
      startsLocal: start,
      endsLocal: end.slice(0, 10) === start.slice(0, 10) ? end : `${start.slice(0, 10)}T23:59`,
    });
    expect(made.status).toBe(201);
    eventId = ((await made.json()) as { id: string }).id;

    const sanbao = world.agents.get(SANBAO)!;
    await waitFor(() => sanbao.agent.bundle.current()?.events.some((e) => e.id === eventId && e.signIn), {
      timeoutMs: 10_000,
      what: 'the event in the station’s bundle',
    });
    await kiosk.goto(sanbao.kioskUrl);
    await kiosk.getByTestId('nav-events').click();
    const card = kiosk.locator(`.event-card[data-event="${eventId}"]`);
    await card.getByTestId('sign-in').waitFor();

    let results = 0;
    const off = sanbao.agent.bus.on('door', () => {
      results += 1;
    });
    const scan = async () => {
      const code = await world.hub.admin.issueMemberCode({ member: 'worker-rider-7', category: 'rider' });
      await world.devices.publish(agentTopics(SANBAO).doorScan, code);
    };
    await scan();
    const note = kiosk.getByTestId('attended');
    await note.waitFor();
    expect(await note.textContent()).toBe('已签到 冬日暖心礼包发放');
    await kiosk.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-attended.png'), animations: 'disabled' });
    // The same member again (their exit, or a second code): the door works, no second sign-in.
    await scan();
    await waitFor(() => results === 2, { what: 'the second scan’s door result' });
    off();

    await card.getByTestId('sign-in-start').click();
    await card.locator('[data-category="sanitation"]').click();
    await card.getByTestId('signed-in').waitFor();
    expect(await card.getByTestId('signed-in').textContent()).toBe('已签到，谢谢参加！');

    const rows = sanbao.agent.db
      .prepare(
        'SELECT event_id AS eventId, method, category, member IS NOT NULL AS byMember FROM attendance ORDER BY seq',
      )
      .all();
    expect(rows).toEqual([
      { eventId, method: 'code', category: 'rider', byMember: 1 },
      { eventId, method: 'tap', category: 'sanitation', byMember: 0 },
    ]);
  });

  it('shows the office the sign-ins per occurrence, by code and by tap, and counts them in the monthly report', async () => {
    await office.goto(`${world.url}/#/schedules`);
    const row = office.locator(`tr[data-attendance="${eventId}"]`);
    await waitFor(
      async () => {
        await office.reload();
        await office.locator('tr[data-schedule]').first().waitFor();
        return (await row.count()) === 1 && (await row.locator('[data-total]').textContent()) === '2';
      },
      { timeoutMs: 15_000, intervalMs: 500, what: 'two sign-ins on the schedules page' },
    );
    expect(await row.locator('td').allTextContents()).toEqual([
      '冬日暖心礼包发放',
      localDayOf('Asia/Shanghai')(Date.now()),
      '1',
      '1',
      '2',
    ]);
    await office
      .locator('tr[data-schedule]', { hasText: '冬日暖心礼包发放' })
      .getByRole('button', { name: '修改' })
      .click();
    expect(await office.locator('[data-form="edit"] input[name="signIn"]').isChecked()).toBe(true);
    await office.screenshot({
      path: join(SCREENSHOT_DIR, 'office-attendance.png'),
      animations: 'disabled',
      fullPage: true,
    });

    const month = localDayOf('Asia/Shanghai')(Date.now()).slice(0, 7);
    const report = (await (await world.api('GET', `/api/v1/monthly-report?month=${month}`)).json()) as {
      events: { title: string; attended: number | null }[];
    };
    expect(report.events.filter((e) => e.title === '冬日暖心礼包发放').map((e) => e.attended)).toEqual([2]);
  });
});
