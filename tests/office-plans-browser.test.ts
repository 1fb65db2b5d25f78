/**
 * The office's plans in a real Chromium against the demo's plan with two real agents: notices written, scheduled,
 * targeted, edited and deleted on their own page; events with their description and what to bring, edited in
 * place; every save says it saved and every delete asks first; the kiosks show exactly what reaches them.
 */
import { join } from 'node:path';
import { addDays, localDayOf } from '@yizhan/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { type OfficeWorld, signIn, startOfficeWorld } from './support/office-world.ts';

let world: OfficeWorld;
let browser: TestBrowser;
let office: Page;
let sanbao: Page;
let huaihai: Page;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: true });

beforeAll(async () => {
  world = await startOfficeWorld();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  office = await browser.context.newPage();
  sanbao = await browser.context.newPage();
  huaihai = await browser.context.newPage();
  for (const page of [office, sanbao, huaihai]) page.setDefaultTimeout(10_000);
  for (const kiosk of [sanbao, huaihai]) await kiosk.setViewportSize({ width: 1080, height: 1920 });
  await sanbao.goto(world.agents.get('quanshan-sanbao')!.kioskUrl);
  await huaihai.goto(world.agents.get('gulou-huaihai')!.kioskUrl);
  await signIn(office, world.url);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const notices = (kiosk: Page) => kiosk.getByTestId('announcements');

describe('notices', () => {
  it('writes a notice for one district, says it saved, and only that district’s kiosks show it', async () => {
    await office.getByRole('link', { name: '通知公告' }).click();
    // The demo's city-wide notice is there already.
    await office.locator('tr[data-notice-id]').first().waitFor();
    await office.getByLabel('通知内容（中文）').fill('寒潮来袭，泉山区驿站全天供应姜茶');
    await office.getByLabel('通知内容（英文）').fill('Cold wave: ginger tea all day at Quanshan stations');
    await office.locator('form select[name="target"]').selectOption('district:泉山区');
    await office.getByRole('button', { name: '保存' }).click();
    await office.getByRole('status').filter({ hasText: '已保存，驿站下次同步时显示' }).waitFor();
    const row = office.locator('tr[data-notice-id]', { hasText: '寒潮来袭' });
    expect(await row.locator('[data-state]').textContent()).toBe('显示中');
    expect(await row.locator('td').nth(2).textContent()).toBe('泉山区');

    await notices(sanbao).filter({ hasText: '寒潮来袭，泉山区驿站全天供应姜茶' }).waitFor({ timeout: 15_000 });
    expect(await notices(huaihai).textContent()).not.toContain('寒潮来袭');
  });

  it('schedules a notice for later, edits one in place, and deletes only after asking', async () => {
    const tomorrow = addDays(localDayOf('Asia/Shanghai')(Date.now()), 1);
    await office.getByLabel('通知内容（中文）').fill('明日上午停水检修');
    await office.locator('input[name="startsLocal"]').fill(`${tomorrow}T08:00`);
    await office.locator('input[name="endsLocal"]').fill(`${tomorrow}T12:00`);
    await office.getByRole('button', { name: '保存' }).click();
    const later = office.locator('tr[data-notice-id]', { hasText: '明日上午停水检修' });
    await later.waitFor();
    expect(await later.locator('[data-state]').textContent()).toBe('待发布');

    const cold = office.locator('tr[data-notice-id]', { hasText: '寒潮来袭' });
    await cold.getByRole('button', { name: '修改' }).click();
    await office.locator('[data-form="edit"]').waitFor();
    expect(await office.getByLabel('通知内容（中文）').inputValue()).toBe('寒潮来袭，泉山区驿站全天供应姜茶');
    await office.getByLabel('通知内容（中文）').fill('寒潮来袭，泉山区驿站全天供应姜茶和热粥');
    await office.getByRole('button', { name: '保存' }).click();
    await office.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await cold.filter({ hasText: '姜茶和热粥' }).waitFor();
    await notices(sanbao).filter({ hasText: '姜茶和热粥' }).waitFor({ timeout: 15_000 });
    await shot(office, 'office-notices');

    await later.getByRole('button', { name: '删除' }).click();
    const ask = later.getByRole('group', { name: '确认删除' });
    expect(await ask.textContent()).toContain('确定删除「明日上午停水检修」？');
    await ask.getByRole('button', { name: '取消' }).click();
    expect(await later.count()).toBe(1);
    await later.getByRole('button', { name: '删除' }).click();
    await later.getByRole('button', { name: '确定删除' }).click();
    await later.waitFor({ state: 'detached' });
    await office.getByRole('status').filter({ hasText: '已删除' }).waitFor();
    const list = (await (await world.api('GET', '/api/v1/announcements')).json()) as {
      announcements: { text: { zh: string } }[];
    };
    expect(list.announcements.map((a) => a.text.zh)).not.toContain('明日上午停水检修');
  });
});

describe('events', () => {
  it('makes an event with its description and what to bring, as the kiosk shows them, and edits it', async () => {
    const day = addDays(localDayOf('Asia/Shanghai')(Date.now()), 1);
    await office.getByRole('link', { name: '活动排期' }).click();
    await office.locator('tr[data-schedule]').first().waitFor();
    const form = office.locator('[data-form="new"]');
    await form.getByLabel('名称（中文）').fill('冬季暖心礼包发放');
    await form.getByLabel('名称（英文）').fill('Winter gift packs');
    await form.getByLabel('活动介绍（中文）').fill('为户外劳动者送上手套、围巾和暖宝宝');
    await form.getByLabel('请带（中文）').fill('工会会员码');
    await form.getByLabel('请带（英文）').fill('Your union member code');
    await form.locator('select[name="target"]').selectOption('station:quanshan-sanbao');
    await form.locator('input[name="day"]').fill(day);
    await form.locator('input[name="start"]').fill('10:00');
    await form.locator('input[name="end"]').fill('12:00');
    await form.getByLabel('重复').selectOption('once');
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByRole('status').filter({ hasText: '已保存' }).waitFor();

    await sanbao.getByTestId('nav-events').click();
    const card = sanbao.locator('.event-card', { hasText: '冬季暖心礼包发放' });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('.event-description').textContent()).toBe('为户外劳动者送上手套、围巾和暖宝宝');
    expect(await card.locator('.event-facts').textContent()).toContain('请带工会会员码');

    const row = office.locator('tr[data-schedule]', { hasText: '冬季暖心礼包发放' });
    await row.getByRole('button', { name: '修改' }).click();
    const editForm = office.locator('[data-form="edit"]');
    expect(await editForm.getByLabel('活动介绍（中文）').inputValue()).toBe('为户外劳动者送上手套、围巾和暖宝宝');
    await editForm.getByLabel('名称（中文）').fill('冬季暖心礼包发放（女职工专场）');
    await editForm.locator('input[name="start"]').fill('14:00');
    await editForm.locator('input[name="end"]').fill('16:00');
    await editForm.getByRole('button', { name: '保存' }).click();
    await editForm.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await office
      .locator('tr[data-schedule]', { hasText: '女职工专场' })
      .filter({ hasText: `${day} 14:00` })
      .waitFor();
    await shot(office, 'office-schedules-edit');
    await sanbao
      .locator('.event-card', { hasText: '女职工专场' })
      .filter({ hasText: '14:00–16:00' })
      .waitFor({ timeout: 15_000 });
    await shot(sanbao, 'kiosk-event-bring');

    const edited = office.locator('tr[data-schedule]', { hasText: '女职工专场' });
    await edited.getByRole('button', { name: '删除' }).click();
    await edited.getByRole('button', { name: '确定删除' }).click();
    await edited.waitFor({ state: 'detached' });
    await office.getByRole('status').filter({ hasText: '已删除' }).waitFor();
    await sanbao.locator('.event-card', { hasText: '女职工专场' }).waitFor({ state: 'detached', timeout: 15_000 });
  });
});
