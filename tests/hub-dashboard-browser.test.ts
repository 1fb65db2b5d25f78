/**
 * The office's dashboard in a real Chromium against a real hub: sign in, watch a station go offline and
 * come back live, acknowledge an alarm, create a recurring event and find it in that station's bundle,
 * resolve a feedback case. Stations are played over the hub's HTTP sync API. Then what goes wrong: a list the hub
 * cannot serve, the hub out of reach, a refused save, an answer that breaks its schema; "more" pages through
 * alarms; days are the hub's zone's. Saves docs/screenshots/dashboard-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHub, dashboardDistDir, type HubApp, parseHubConfig } from '@yizhan/hub';
import { localDayOf, type OutboxEvent } from '@yizhan/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { seedMonth } from './support/office-world.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const OFFLINE_AFTER_SECONDS = 30;
const STATIONS = [
  { id: 'quanshan-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20, lat: 34.261, lng: 117.186 },
  { id: 'quanshan-kuangda', name: '矿大南门工会驿站', district: '泉山区', capacity: 12, lat: 34.2702, lng: 117.185 },
  { id: 'gulou-huaihai', name: '淮海路工会驿站', district: '鼓楼区', capacity: 16, lat: 34.2655, lng: 117.1946 },
  { id: 'yunlong-heping', name: '和平路工会驿站', district: '云龙区', capacity: 10, lat: 34.2562, lng: 117.2135 },
  { id: 'jingkai-xuhai', name: '徐海路工会驿站', district: '徐州经开区', capacity: 14, lat: 34.2771, lng: 117.2688 },
];
const A = STATIONS[0]!;

let dir: string;
let hub: HubApp;
let url: string;
let browser: TestBrowser;
let page: Page;
const clock = { offset: 0 };
const tokens = new Map<string, string>();
const seqs = new Map<string, number>();

/** Plays a station: its outbox events, numbered in one epoch, through POST /api/v1/sync. */
async function stationSends(id: string, events: { type: string; at?: number; body: object }[]): Promise<void> {
  const epoch = `epoch-${id}`;
  const batch = events.map((e) => {
    const seq = (seqs.get(id) ?? 0) + 1;
    seqs.set(id, seq);
    return { epoch, seq, type: e.type, at: new Date(e.at ?? Date.now() + clock.offset).toISOString(), body: e.body };
  }) as OutboxEvent[];
  const res = await fetch(`${url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(id)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ epoch, events: batch }),
  });
  expect(res.status).toBe(200);
}

const shot = (name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-${name}.png`), animations: 'disabled', fullPage: true });
const row = (id: string) => page.locator(`tr[data-station="${id}"]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-dashboard-'));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  hub = await buildHub(
    parseHubConfig({
      database: join(dir, 'hub.db'),
      live: { offlineAfterSeconds: OFFLINE_AFTER_SECONDS, checkSeconds: 0.2 },
    }),
    { clock: () => Date.now() + clock.offset, dashboardDir: dashboardDistDir },
  );
  await hub.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
  for (const s of STATIONS) tokens.set(s.id, (await hub.admin.ensureStation(s)).token);
  await hub.admin.ensureOperator({ username: 'office', password: 'office-password', role: 'admin' });
  await seedMonth(stationSends, STATIONS);
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard in Chromium', () => {
  it('signs in (in Chinese) and shows every station live', async () => {
    await page.goto(url);
    await page.getByLabel('用户名').fill('office');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('用户名或密码错误');
    await page.getByLabel('密码').fill('office-password');
    await page.getByRole('button', { name: '登录' }).click();
    await row(A.id).locator('[data-online="true"]').waitFor();
    expect(await page.locator('tr[data-station]').count()).toBe(STATIONS.length);
    expect(await page.locator('[data-total="online"]').textContent()).toBe(String(STATIONS.length));
    await shot('overview');
  });

  it('sees a station go offline after the threshold and come back live, without reloading', async () => {
    // Everyone else keeps talking; A falls silent while the hub's clock moves past the threshold.
    clock.offset += (OFFLINE_AFTER_SECONDS + 1) * 1000;
    for (const s of STATIONS.slice(1)) await stationSends(s.id, [{ type: 'heartbeat', body: { uptimeSeconds: 60 } }]);
    await row(A.id).locator('[data-online="false"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-total="offline"]').textContent()).toBe('1');
    await shot('station-offline');

    await stationSends(A.id, [{ type: 'heartbeat', body: { uptimeSeconds: 90 } }]);
    await row(A.id).locator('[data-online="true"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-total="offline"]').textContent()).toBe('0');
  });

  it('acknowledges an alarm raised at a station', async () => {
    await stationSends(A.id, [
      {
        type: 'alarm.raised',
        body: {
          alarmId: 'fridge-warm-1',
          rule: 'fridge-too-warm',
          device: 'fridge',
          detail: '冰箱 9.4 °C，已持续 10 分钟',
        },
      },
    ]);
    await page.getByRole('link', { name: '告警' }).click();
    const alarm = page.locator('tr[data-alarm="fridge-warm-1"]');
    await alarm.locator('[data-status="open"]').waitFor();
    await alarm.getByRole('button', { name: '确认' }).click();
    await alarm.locator('[data-status="acknowledged"]').waitFor();
    const stored = await fetchJson('/api/v1/alarms?status=acknowledged');
    expect(stored.alarms).toEqual([expect.objectContaining({ alarmId: 'fridge-warm-1', ackedBy: 'office' })]);
    await shot('alarms');
  });

  it('creates a weekly event that then appears in that station’s bundle', async () => {
    await page.getByRole('link', { name: '活动排期' }).click();
    await page.getByLabel('名称（中文）').fill('爱心理发');
    await page.getByLabel('名称（英文）').fill('Free haircut');
    await page.getByLabel('发布范围').selectOption(`station:${A.id}`);
    const monday = nextMonday();
    await page.locator('input[name="day"]').fill(monday);
    await page.locator('input[name="start"]').fill('09:00');
    await page.locator('input[name="end"]').fill('11:00');
    await page.getByLabel('重复').selectOption('weekly');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    // The rule in words, as the kiosk says it too.
    await page.locator('tr[data-schedule] td[data-rrule="FREQ=WEEKLY;BYDAY=MO"]', { hasText: '每周一' }).waitFor();
    await shot('schedules');

    const bundle = await (
      await fetch(`${url}/api/v1/stations/${A.id}/bundle`, { headers: { authorization: `Bearer ${tokens.get(A.id)}` } })
    ).json();
    const haircut = bundle.events.filter((e: { title: { zh: string } }) => e.title.zh === '爱心理发');
    expect(haircut.length).toBeGreaterThanOrEqual(2);
    expect(haircut[0]).toMatchObject({ title: { zh: '爱心理发', en: 'Free haircut' }, recurring: true });
    // 09:00 in Shanghai is 01:00 UTC, on a Monday.
    expect(new Date(haircut[0].startsAt).getUTCHours()).toBe(1);
    expect(new Date(haircut[0].startsAt).getUTCDay()).toBe(1);
    const other = await (
      await fetch(`${url}/api/v1/stations/${STATIONS[2]!.id}/bundle`, {
        headers: { authorization: `Bearer ${tokens.get(STATIONS[2]!.id)}` },
      })
    ).json();
    expect(other.events).toEqual([]);
  });

  it('moves a feedback case from the kiosk to resolved, with a reply for the station', async () => {
    await stationSends(A.id, [
      { type: 'feedback.created', body: { feedbackId: 'fb-gate-1', category: 'gate', place: '北门刷码没反应' } },
    ]);
    await page.getByRole('link', { name: '问题反馈' }).click();
    const item = page.locator('article[data-case="fb-gate-1"]');
    await item.locator('[data-status="new"]').waitFor();
    await item.locator('select[name="status"]').selectOption('resolved');
    await item.locator('input[name="assignee"]').fill('泉山区总工会 王师傅');
    await item.locator('input[name="reply"]').fill('门禁已维修，感谢反馈');
    await item.getByRole('button', { name: '保存' }).click();
    await item.locator('[data-status="resolved"]').waitFor();
    const cases = await fetchJson('/api/v1/feedback?status=resolved');
    expect(cases.cases).toEqual([
      expect.objectContaining({ feedbackId: 'fb-gate-1', status: 'resolved', reply: '门禁已维修，感谢反馈' }),
    ]);
    await shot('feedback');
  });

  it('shows a station page with its charts, and the overview in English', async () => {
    await page.goto(`${url}/#/station/${A.id}`);
    await page.locator('figure.chart svg rect').first().waitFor();
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(30);
    await shot('station');
    await page.getByRole('link', { name: '数据导出' }).click();
    await page.locator('table tbody tr').first().waitFor();
    await shot('export');
    await page.getByRole('link', { name: '总览' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.tile-label', { hasText: 'Served this year' }).waitFor();
    await shot('overview-en');
  });
});

describe('the dashboard when things go wrong, and with long lists', () => {
  /** Loads the dashboard afresh on a page, in Chinese (the earlier tests leave it in English). */
  async function openInChinese(hash: string): Promise<void> {
    await page.evaluate(() => localStorage.setItem('yz-lang', 'zh'));
    await page.goto(`${url}/${hash}`);
    // A change of hash alone does not load the page again: every model starts empty only after a reload.
    await page.reload();
    await page.locator('.topbar').waitFor();
  }
  const alarmRows = () => page.locator('tr[data-alarm]');

  it('says on the page that the alarms could not be read, and a retry recovers', async () => {
    await openInChinese('#/overview');
    let failing = true;
    await page.route('**/api/v1/alarms?*', (route) =>
      failing
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'YZ_ERR_INTERNAL', message: 'internal error' } }),
          })
        : route.fallback(),
    );
    await page.getByRole('link', { name: '告警' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-failure')).toBe('hub-failed');
    expect(await alert.locator('strong').textContent()).toBe('告警加载失败');
    expect(await alert.locator('span').textContent()).toBe('中心平台出错（HTTP 500）');
    expect(await alarmRows().count()).toBe(0);
    await shot('alarms-error');

    failing = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await page.locator('tr[data-alarm="fridge-warm-1"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.unroute('**/api/v1/alarms?*');
  });

  it('says so when the hub cannot be reached, and shows the cases once it can', async () => {
    await page.route('**/api/v1/feedback?*', (route) => route.abort('connectionrefused'));
    await page.getByRole('link', { name: '问题反馈' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-failure')).toBe('unreachable');
    expect(await alert.locator('strong').textContent()).toBe('问题反馈加载失败');
    expect(await alert.locator('span').textContent()).toBe('无法连接到中心平台，请检查网络');

    await page.unroute('**/api/v1/feedback?*');
    await alert.getByRole('button', { name: '重试' }).click();
    await page.locator('article[data-case="fb-gate-1"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('says next to the form when the hub refuses a save, and changes nothing', async () => {
    const item = page.locator('article[data-case="fb-gate-1"]');
    await item.locator('input[name="reply"]').fill('很'.repeat(501));
    await item.getByRole('button', { name: '保存' }).click();
    const note = item.getByRole('alert');
    await note.waitFor();
    expect(await note.getAttribute('data-failure')).toBe('refused');
    expect(await note.textContent()).toMatch(
      /^保存失败：中心平台拒绝了该请求（HTTP 400） · invalid body \(reply: .+\)$/,
    );
    await shot('feedback-refused');
    const cases = await fetchJson('/api/v1/feedback?status=resolved');
    expect(cases.cases).toEqual([expect.objectContaining({ feedbackId: 'fb-gate-1', reply: '门禁已维修，感谢反馈' })]);
  });

  it('shows an error, not a broken page, for an answer that breaks its schema', async () => {
    await openInChinese('#/overview');
    await page.route('**/api/v1/alarms?*', async (route) => {
      const answer = await route.fetch();
      const body = await answer.json();
      // The nav's alarm badge reads the alarms too, sometimes before there are any: only a row can break.
      if (body.alarms.length > 0) body.alarms[0].status = 'exploded';
      await route.fulfill({ response: answer, json: body });
    });
    await page.getByRole('link', { name: '告警' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-failure')).toBe('invalid-answer');
    expect(await alert.locator('span').textContent()).toBe('中心平台返回的数据无法识别');
    expect(await alert.locator('.notice-detail').textContent()).toMatch(/^GET \/alarms\?limit=50: alarms\.0\.status: /);
    expect(await alarmRows().count()).toBe(0);
    await page.unroute('**/api/v1/alarms?*');

    // The rest of the dashboard is whole.
    await page.getByRole('link', { name: '总览' }).click();
    await row(A.id).waitFor();
    expect(await page.locator('tr[data-station]').count()).toBe(STATIONS.length);
  });

  it('shows the newest alarms and loads the next page with "more"', async () => {
    const station = STATIONS[3]!;
    const now = Date.now() + clock.offset;
    await stationSends(
      station.id,
      Array.from({ length: 60 }, (_, i) => ({
        type: 'alarm.raised',
        at: now - (60 - i) * 1000,
        body: { alarmId: `door-held-${i}`, rule: 'door-held-open', device: 'door', detail: `门未关 ${i}` },
      })),
    );
    await openInChinese('#/alarms');
    await page.locator('tr[data-alarm="door-held-59"]').waitFor();
    const ids = () => alarmRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alarm')));
    const first = await ids();
    expect(first).toHaveLength(50);
    expect(first[0]).toBe('door-held-59');

    await page.getByRole('button', { name: '加载更多' }).click();
    await page.locator('tr[data-alarm="fridge-warm-1"]').waitFor();
    const all = await ids();
    // The next page follows the first, nothing twice, nothing left out; then there is no more.
    expect(all.slice(0, 50)).toEqual(first);
    expect([...all].sort()).toEqual(
      [...Array.from({ length: 60 }, (_, i) => `door-held-${i}`), 'fridge-warm-1'].sort(),
    );
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
  });

  it('reckons days in the hub’s zone from the session, not in the browser’s', async () => {
    // Kiritimati (UTC+14) and UTC−12 are 26 hours apart: their dates differ at every moment.
    for (const zone of ['Pacific/Kiritimati', 'Etc/GMT+12']) {
      await page.route('**/api/v1/session', async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        const answer = await route.fetch();
        await route.fulfill({ response: answer, json: { ...(await answer.json()), timezone: zone } });
      });
      await openInChinese('#/export');
      expect(await page.locator('input[name="to"]').inputValue()).toBe(localDayOf(zone)(Date.now()));
      await page.unroute('**/api/v1/session');
    }
  });
});

async function fetchJson(path: string) {
  const cookies = await browser.context.cookies(url);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return (await fetch(`${url}${path}`, { headers: { cookie } })).json();
}

function nextMonday(): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const days = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
