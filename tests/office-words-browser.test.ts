/**
 * The office's screens say true things in the operator's words, in a real Chromium against the demo's plan with
 * two real station agents: people inside as the kiosk counts them, 未处理告警 without the acknowledged ones,
 * recurrences in words on kiosk and dashboard, the kiosk's case number and the office's reply back on the kiosk,
 * and no raw identifier (rule ids, device ids, table or column names, RRULE text) on a Chinese screen.
 */
import { join } from 'node:path';
import { addDays, localDayOf } from '@yizhan/shared';
import { tasmota } from '@yizhan/simulator';
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

const SANBAO = 'quanshan-sanbao';
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: true });

/** Words a Chinese screen must never show: ids of rules, devices, tables, columns, categories, and RRULE text. */
const RAW = [
  /battery-low|fridge-too-warm|door-held-open|device-offline/,
  /\bmicrowave\b|\bdoor-contact\b|rest-area/,
  /visits-daily|stationId|\bconstruction\b|\brider\b|walk-in/,
  /FREQ=|BYDAY|BYMONTHDAY/,
  /battery at|above \d|offline over/,
];
async function rawWordsOn(page: Page): Promise<string[]> {
  const text = (await page.locator('main').textContent()) ?? '';
  return RAW.flatMap((pattern) => text.match(pattern) ?? []);
}

beforeAll(async () => {
  world = await startOfficeWorld();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  office = await browser.context.newPage();
  await signIn(office, world.url);
  kiosk = await browser.context.newPage();
  await kiosk.setViewportSize({ width: 1080, height: 1920 });
  // A locator that finds nothing fails the test in seconds, with its name, rather than at the test's timeout.
  for (const page of [office, kiosk]) page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('true figures', () => {
  it('shows people inside as the kiosk counts them, on the overview and the station page', async () => {
    const sanbao = world.agents.get(SANBAO)!;
    await world.devices.publish(sanbao.topics.pir, JSON.stringify({ occupancy: true, battery: 90 }));
    await kiosk.goto(sanbao.kioskUrl);
    await kiosk.getByTestId('occupancy').filter({ hasText: '1' }).waitFor();
    const row = office.locator(`tr[data-station="${SANBAO}"]`);
    await row.locator('[data-inside="1"]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-inside]').textContent()).toBe('1/20');

    await office.goto(`${world.url}/#/station/${SANBAO}`);
    const head = office.locator('.station-live');
    await head.locator('[data-inside="1"]').waitFor();
    // The agent's first sample as it started and the change since: a peak and an average, not "—".
    const tiles = office.locator('.tiles .tile');
    await tiles.filter({ hasText: '最高在站人数' }).locator('.tile-value', { hasText: '1' }).waitFor();
    expect(await tiles.filter({ hasText: '平均在站人数' }).locator('.tile-value').textContent()).not.toBe('—');
  });

  it('counts as 未处理 only the alarms nobody has acknowledged', async () => {
    const heping = 'yunlong-heping';
    await world.stationSends(heping, [
      {
        type: 'alarm.raised',
        body: { alarmId: 'h-1', rule: 'door-held-open', device: 'door', detail: 'x', facts: { seconds: 60 } },
      },
      {
        type: 'alarm.raised',
        body: { alarmId: 'h-2', rule: 'over-capacity', detail: 'y', facts: { inside: 13, capacity: 10 } },
      },
    ]);
    expect((await world.api('POST', `/api/v1/stations/${heping}/alarms/h-1/acknowledge`)).status).toBe(200);
    await office.goto(`${world.url}/#/overview`);
    const row = office.locator(`tr[data-station="${heping}"]`);
    await row.locator('[data-alarms="1"]').waitFor();
    expect(await row.locator('[data-alarms]').textContent()).toBe('1 (+1 已确认未解除)');
    const summary = (await (await world.api('GET', '/api/v1/alarms')).json()) as { summary: { open: number } };
    expect(await office.locator('[data-total="unacknowledgedAlarms"]').textContent()).toBe(
      String(summary.summary.open),
    );
    await shot(office, 'office-overview');
  });
});

describe('recurrences in words', () => {
  it('says 每月N日 and 每周一 on the kiosk and the dashboard, never the rule', async () => {
    const today = localDayOf('Asia/Shanghai')(Date.now());
    const day = addDays(today, 2);
    const dayOfMonth = Number(day.slice(8, 10));
    const created = await world.api('POST', '/api/v1/schedules', {
      title: { zh: '职工法律援助', en: 'Legal aid for workers' },
      description: { zh: '律师坐诊，免费咨询', en: 'Volunteer lawyers, free advice' },
      bring: { zh: '劳动合同或工资条', en: 'Your contract or pay slips' },
      target: { kind: 'station', stationId: SANBAO },
      startsLocal: `${day}T14:00`,
      endsLocal: `${day}T17:00`,
      rrule: `FREQ=MONTHLY;BYMONTHDAY=${dayOfMonth}`,
    });
    expect(created.status).toBe(201);

    await kiosk.getByTestId('nav-events').click();
    const titled = kiosk.locator('.event-card', { hasText: '职工法律援助' });
    await titled.waitFor({ timeout: 10_000 });
    const card = kiosk.locator(`.event-card[data-event="${await titled.getAttribute('data-event')}"]`);
    expect(await card.getByTestId('event-repeats').textContent()).toBe(`每月${dayOfMonth}日`);
    expect(await card.locator('.event-description').textContent()).toBe('律师坐诊，免费咨询');
    await kiosk.getByRole('button', { name: 'English' }).click();
    expect(await card.getByTestId('event-repeats').textContent()).toMatch(/^Monthly on the \d+(st|nd|rd|th)$/);
    await kiosk.getByRole('button', { name: '中文' }).click();

    await office.goto(`${world.url}/#/schedules`);
    await office.locator('tr[data-schedule]').first().waitFor();
    const rows = office.locator('tr[data-schedule]');
    expect(await rows.filter({ hasText: '爱心理发' }).locator('td[data-rrule]').textContent()).toBe('每周一');
    expect(await rows.filter({ hasText: '普法日' }).locator('td[data-rrule]').textContent()).toBe('每月4日');
    expect(await rows.filter({ hasText: '职工法律援助' }).locator('td[data-rrule]').textContent()).toBe(
      `每月${dayOfMonth}日`,
    );
    expect(await rawWordsOn(office)).toEqual([]);
  });
});

describe('a problem reported at the kiosk', () => {
  it('gives the worker a case number, and shows the office’s reply under it on that kiosk', async () => {
    await kiosk.getByTestId('nav-report').click();
    await kiosk.locator('[data-feedback="gate"]').click();
    await kiosk.getByTestId('report-place').fill('北门道闸不让电动车进');
    await kiosk.getByTestId('report-send').click();
    const number = (await kiosk.getByTestId('case-number').textContent())!;
    expect(number).toMatch(/^[0-9A-F]{6}$/);
    await shot(kiosk, 'kiosk-report-case-number');

    await office.goto(`${world.url}/#/feedback`);
    const item = office.locator('article.case', { hasText: `问题编号 ${number}` });
    await item.waitFor({ timeout: 10_000 });
    expect(await office.getByText('回复（按问题编号显示在该驿站的屏幕上）').count()).toBeGreaterThan(0);
    await item.locator('select[name="status"]').selectOption('resolved');
    await item.locator('input[name="reply"]').fill('道闸已调整，电动车可以进入');
    await item.getByRole('button', { name: '保存' }).click();
    await item.getByRole('status').filter({ hasText: '已保存' }).waitFor();

    await kiosk.getByTestId('report-another').click();
    const reply = kiosk.locator(`.reply-card[data-case="${number}"]`);
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.locator('.reply-text').textContent()).toBe('道闸已调整，电动车可以进入');
    expect(await reply.textContent()).toContain('门禁或电梯不让骑手进');
    expect(await reply.textContent()).toContain('已办结');
    await reply.scrollIntoViewIfNeeded();
    await shot(kiosk, 'kiosk-replies');
  });
});

describe('no raw identifiers on the Chinese screens', () => {
  it('names alarms, devices and their measures in Chinese', async () => {
    const sanbao = world.agents.get(SANBAO)!;
    await world.devices.publish(sanbao.topics.door, JSON.stringify({ contact: true, battery: 7 }));
    await office.goto(`${world.url}/#/alarms`);
    const alarm = office.locator('tr[data-alarm]', { hasText: '三胞广场工会驿站' }).filter({ hasText: '电池电量低' });
    await alarm.waitFor({ timeout: 10_000 });
    expect(await alarm.locator('td[data-rule]').textContent()).toBe('电池电量低 · 北门门磁');
    expect(await alarm.locator('td').nth(3).textContent()).toBe('北门门磁电量 7%');
    expect(await rawWordsOn(office)).toEqual([]);
    await shot(office, 'office-alarms');
  });

  it('names the station page’s appliances by the station’s labels', async () => {
    const sanbao = world.agents.get(SANBAO)!;
    const on = tasmota.sensor(sanbao.topics.microwave, new Date(), { powerW: 800, energyKWh: 30 });
    await world.devices.publish(on.topic, on.payload);
    await waitFor(() => sanbao.agent.devices.get('microwave')?.status === 'in-use', { what: 'the microwave in use' });
    const off = tasmota.sensor(sanbao.topics.microwave, new Date(), { powerW: 0.4, energyKWh: 30.1 });
    await world.devices.publish(off.topic, off.payload);
    const today = localDayOf('Asia/Shanghai')(Date.now());
    await waitFor(
      async () => {
        const usage = await world.api('GET', `/api/v1/stations/${SANBAO}/usage?from=${today}&to=${today}`);
        return ((await usage.json()) as { appliances: unknown[] }).appliances.length > 0;
      },
      { timeoutMs: 10_000, what: 'the microwave session at the hub' },
    );
    await office.goto(`${world.url}/#/station/${SANBAO}`);
    await office.locator('li[data-device="microwave"]').waitFor({ timeout: 15_000 });
    expect(await office.locator('li[data-device="microwave"] strong').textContent()).toBe('微波炉');
    expect(await rawWordsOn(office)).toEqual([]);
    await shot(office, 'office-station');
  });

  it('exports tables by their Chinese names, with Chinese headers and words', async () => {
    await office.goto(`${world.url}/#/export`);
    await office.locator('table tbody tr').first().waitFor();
    expect(await office.locator('select[name="table"] option:checked').textContent()).toBe('每日服务人次');
    expect(await office.locator('th[data-column]').allTextContents()).toEqual([
      '时间',
      '驿站',
      '类别',
      '进站方式',
      '人次',
    ]);
    expect(await rawWordsOn(office)).toEqual([]);
    await office.locator('select[name="table"]').selectOption('alarms');
    await office.locator('th[data-column="rule"]').waitFor();
    await office.locator('table tbody tr').first().waitFor();
    expect(await rawWordsOn(office)).toEqual([]);
    await shot(office, 'office-export');
  });
});
