/**
 * Injury visits (工伤探视) in a real Chromium against a real hub: a worker declares on a phone (390×844) and
 * looks the case up; a case officer screens it and records the visit; 15 days later on the hub's clock the
 * follow-up is due, a day after that overdue and first in the queue; the outcome keeps the case (仍需治疗),
 * then closes it (已康复返岗); the analysis and its funnel show it. Saves docs/screenshots/injury-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHub, dashboardDistDir, type HubApp, parseHubConfig } from '@yizhan/hub';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const DAY_MS = 86_400_000;
const STATION = { id: 'quanshan-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 };

let dir: string;
let hub: HubApp;
let url: string;
let browser: TestBrowser;
let phone: Page;
let office: Page;
/** The hub's clock runs from 2026-11-28 10:00 in Shanghai; tests move it on by days. */
const clock = { now: Date.parse('2026-11-28T02:00:00.000Z') };
let caseId = '';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `injury-${name}.png`), animations: 'disabled', fullPage: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-injury-'));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  hub = await buildHub(
    parseHubConfig({
      database: join(dir, 'hub.db'),
      // A month-long session: the test moves the hub's clock on by weeks.
      session: { ttlMinutes: 43_200 },
      injuries: { key: Buffer.alloc(32, 9).toString('base64'), followUpDays: 15, repeatFollowUpDays: 15 },
    }),
    { clock: () => clock.now, dashboardDir: dashboardDistDir },
  );
  await hub.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
  await hub.admin.ensureStation(STATION);
  await hub.admin.ensureStation({ id: 'gulou-huaihai', name: '淮海路工会驿站', district: '鼓楼区', capacity: 16 });
  await hub.admin.ensureOperator({
    username: 'officer-li',
    password: 'officer-password',
    role: 'case-officer',
    district: '泉山区',
  });
  await hub.admin.ensureOperator({ username: 'office', password: 'office-password', role: 'admin' });
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
  phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  office = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('injury visits in Chromium', () => {
  it('a worker declares on a phone: each refused field is shown under it, then a case number', async () => {
    await phone.goto(`${url}/injury/declare?via=station:${STATION.id}`);
    await expect(phone.locator('#f-district').inputValue()).resolves.toBe('泉山区');
    await shot(phone, 'declare');

    await phone.locator('#f-name').fill('王建国');
    await phone.locator('#f-phone').fill('139 1234 5678');
    await phone.locator('#f-enterpriseName').fill('徐州重工机械厂');
    await phone.locator('#f-industry').selectOption('manufacturing');
    await phone.locator('#f-post').selectOption('operator');
    await phone.locator('#f-injuredOn').fill('2026-11-25');
    await phone.locator('#f-place').fill('二号车间冲压线');
    await phone.locator('#f-cause').selectOption('misoperation');
    await phone.locator('#f-hospital').fill('徐州市中心医院');
    await phone.locator('#f-injury').fill('右手食指骨折，已手术');
    await phone.getByLabel('工伤认定指导').check();
    // Without the separate consent for the health details, nothing is sent on.
    await phone.locator('[name="consentPersonal"]').check();
    await phone.getByRole('button', { name: /提交申报/ }).click();
    const refusal = phone.locator('[id="err-consent.sensitive"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('需要您单独同意处理伤情信息');
    expect(await phone.locator('[id="err-consent.personal"]').textContent()).toBe('');
    await shot(phone, 'declare-consent');

    await phone.locator('[name="consentSensitive"]').check();
    await phone.getByRole('button', { name: /提交申报/ }).click();
    await phone.locator('#receipt').waitFor();
    caseId = (await phone.locator('#case-no').textContent())!;
    expect(caseId).toMatch(/^GS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shot(phone, 'declared');
  });

  it('the declarant looks the case up with its number', async () => {
    await phone.getByRole('link', { name: /查询进度/ }).click();
    await phone.locator('#steps li').first().waitFor();
    expect(await phone.locator('#status-case').textContent()).toBe(caseId);
    expect(await phone.locator('#steps li.done').count()).toBe(1);
    expect(await phone.locator('#steps li[data-step="declaredOn"] .day').textContent()).toBe('2026-11-28');
    await shot(phone, 'lookup');
  });

  it('a case officer sees it in the queue, reads the personal details (logged), screens it and records the visit', async () => {
    await office.goto(url);
    await office.getByLabel('用户名').fill('officer-li');
    await office.getByLabel('密码').fill('officer-password');
    await office.getByRole('button', { name: '登录' }).click();
    await office.getByRole('link', { name: '工伤探视' }).click();
    const row = office.locator(`tr[data-case="${caseId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-status]').textContent()).toBe('待审核');
    await shot(office, 'queue');

    await row.getByRole('link', { name: caseId }).click();
    await office.locator(`[data-case="${caseId}"] .injury-head`).waitFor();
    expect(await office.locator('[data-testid="injury-personal"]').textContent()).not.toContain('王建国');
    await office.getByRole('button', { name: /查看个人信息/ }).click();
    await office.locator('.injury-facts.personal').getByText('王建国').waitFor();
    expect(await office.locator('.injury-facts.personal').textContent()).toContain('13912345678');

    await office.locator('form[data-step="screening"]').getByRole('button', { name: '保存' }).click();
    await office.locator('[data-status="eligible"]').waitFor();
    const visit = office.locator('form[data-step="visit"]');
    expect(await visit.locator('[name="visitedOn"]').inputValue()).toBe('2026-11-28');
    await visit.locator('[name="visitors"]').fill('李干事，张主席');
    await visit.locator('[name="condolenceYuan"]').fill('500');
    await visit.locator('[name="gift"]').fill('慰问品一份');
    await visit.locator('[name="legalAid"]').check();
    await visit.locator('[name="note"]').fill('伤者情绪稳定，需要工伤认定指导');
    await visit.getByRole('button', { name: '保存' }).click();
    await office.locator('[data-status="visited"]').waitFor();
    expect(await office.locator('[data-due]').textContent()).toBe('未到期');
    expect(await office.locator('.injury-head').textContent()).toContain('2026-12-13');
    expect(await office.locator('.injury-activity li').count()).toBe(3);
    await shot(office, 'case');
  });

  it('15 days on the follow-up is due, a day later overdue and flagged first', async () => {
    clock.now += 15 * DAY_MS;
    const later = caseId;
    const other = await fetch(`${url}/api/v1/injury-declarations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        declarant: 'colleague',
        declarantName: '赵师傅',
        declarantPhone: '13700000003',
        name: '李秀英',
        phone: '13600001111',
        enterpriseName: '中建八局徐州项目部',
        industry: 'construction',
        post: 'builder',
        cause: 'fall',
        injuredOn: '2026-12-10',
        district: '泉山区',
        place: '三号楼脚手架',
        help: ['condolence'],
        consent: { personal: true, sensitive: true },
      }),
    });
    expect(other.status).toBe(201);
    await office.goto(`${url}/#/injuries`);
    const row = office.locator(`tr[data-case="${later}"]`);
    await row.locator('[data-due="due"]').waitFor();
    expect(await row.locator('[data-due]').textContent()).toBe('今日应办');

    clock.now += DAY_MS;
    await office.reload();
    await row.locator('[data-due="overdue"]').waitFor();
    expect(await office.locator('tr[data-case]').first().getAttribute('data-case')).toBe(later);
    expect(await row.getAttribute('class')).toBe('overdue');
    await shot(office, 'queue-overdue');
  });

  it('the follow-up call keeps the case in treatment, a later one closes it as recovered', async () => {
    await office.locator(`tr[data-case="${caseId}"]`).getByRole('link', { name: caseId }).click();
    const call = office.locator('form[data-step="follow-up"]');
    await call.waitFor();
    await call.getByLabel('仍需治疗').check();
    await call.locator('[name="note"]').fill('仍在康复，下次回访');
    await call.getByRole('button', { name: '保存' }).click();
    await office.locator('[data-status="treatment"]').waitFor();
    expect(await office.locator('.injury-head').textContent()).toContain('2026-12-29');

    clock.now += 13 * DAY_MS;
    await office.reload();
    await office.locator('form[data-step="follow-up"]').waitFor();
    await office.locator('form[data-step="follow-up"]').getByLabel('已康复返岗').check();
    await office.locator('form[data-step="follow-up"]').getByRole('button', { name: '保存' }).click();
    await office.locator('[data-status="closed"]').waitFor();
    expect(await office.locator('.injury-head').textContent()).toContain('已康复返岗');
    expect(await office.locator('.injury-activity li').count()).toBe(5);
    await shot(office, 'case-closed');

    await phone.reload();
    await phone.locator('#steps li[data-step="closedOn"].done').waitFor();
    expect(await phone.locator('#steps li.done').count()).toBe(5);
  });

  it('the analysis shows the funnel and the breakdowns of the period', async () => {
    await office.goto(`${url}/#/injury-analysis`);
    const funnel = office.locator('[data-testid="injury-funnel"]');
    await funnel.waitFor();
    expect(await funnel.locator('.funnel-bar').allTextContents()).toEqual(['2', '1', '1', '1']);
    expect(await funnel.textContent()).toContain('已康复返岗 1');
    expect(await office.locator('[data-testid="injury-enterprises"] tbody tr').count()).toBe(2);
    await shot(office, 'analysis');
  });

  it('an officer adds an enterprise, enters a case it reported, and a list with bad rows imports nothing', async () => {
    await office.goto(`${url}/#/injuries`);
    const posters = office.locator('form').filter({ has: office.locator('[name="newEnterprise"]') });
    await posters.locator('[name="newEnterprise"]').fill('徐工集团重型机械有限公司');
    await posters.locator('[name="newEnterpriseIndustry"]').selectOption('manufacturing');
    await posters.getByRole('button', { name: '加入名单' }).click();
    await office
      .locator('[name="posterEnterprise"] option', { hasText: '徐工集团重型机械有限公司' })
      .waitFor({ state: 'attached' });

    await office.getByRole('button', { name: '录入案例' }).click();
    const form = office.locator('[data-testid="injury-new"] form');
    await form.locator('[name="name"]').fill('孙立');
    await form.locator('[name="phone"]').fill('13500002222');
    await form.locator('[name="enterpriseName"]').fill('徐工集团重型机械有限公司');
    await form.locator('[name="injuredOn"]').fill('2026-12-20');
    await form.locator('[name="place"]').fill('总装车间');
    await form.locator('[name="district"]').selectOption('泉山区');
    await form.locator('[name="industry"]').selectOption('manufacturing');
    await form.locator('[name="post"]').selectOption('operator');
    await form.locator('[name="cause"]').selectOption('machinery');
    await form.locator('[name="note"]').fill('企业工会电话报告');
    await shot(office, 'new-case');
    await form.getByRole('button', { name: '保存' }).click();
    await office.locator('.injury-head [data-status="declared"]').waitFor();
    expect(await office.locator('.injury-facts').first().textContent()).toContain('企业报告');

    await office.goto(`${url}/#/injuries`);
    const importCard = office.locator('[data-testid="injury-import"]');
    await importCard.locator('input[type="file"]').setInputFiles({
      name: '人社局12月.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          '姓名,电话,企业,行业,岗位,原因,受伤日期,地点,区',
          '周强,13912340001,中建八局徐州项目部,建筑业,建筑施工人员,高处坠落,2026-12-03,工地,泉山区',
          ',13912340002,中建八局徐州项目部,建筑业,建筑施工人员,高处坠落,2026-12-04,工地,泉山区',
          '吴敏,110,中建八局徐州项目部,建筑业,飞行员,物体打击,2026-12-04,工地,泉山区',
        ].join('\r\n'),
      ),
    });
    await importCard.getByRole('button', { name: '导入名单' }).click();
    const issues = importCard.locator('.import-issues li');
    await issues.first().waitFor();
    expect(await issues.allTextContents()).toEqual([
      'line 3: name 必填 · required',
      'line 4: phone 请填写手机号或带区号的座机 · a mobile number, or a landline with its area code',
      'line 4: post 不在岗位列表中 · not a post of the list: 飞行员',
    ]);
    await shot(office, 'import-refused');
    expect(await office.locator('tr[data-case]').count()).toBe(2);
  });

  it('an admin sees every read of personal details in the access log', async () => {
    await office.getByRole('button', { name: '退出' }).click();
    await office.getByLabel('用户名').fill('office');
    await office.getByLabel('密码').fill('office-password');
    await office.getByRole('button', { name: '登录' }).click();
    await office.getByRole('link', { name: '工伤探视' }).click();
    await office.getByRole('link', { name: '查看记录' }).click();
    const rows = office.locator('[data-testid="injury-access-log"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('officer-li');
    expect(await rows.first().textContent()).toContain(caseId);
    await shot(office, 'access-log');
  });
});
