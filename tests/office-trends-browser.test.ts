/**
 * Trends, rankings, exports and accessibility in a real Chromium against the demo's plan with two real agents:
 * this week, month and year against the span before; each district's mix; stations ranked; XLSX with Chinese headers
 * and the monthly report read back with exceljs; every status pill at 4.5:1 or better, every target 24 px or more,
 * and axe-core with no serious or critical violation on every page, the big screen included.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR, seriousA11yViolations } from './support/kiosk-page.ts';
import { OFFICE, type OfficeWorld, startOfficeWorld } from './support/office-world.ts';

let world: OfficeWorld;
let browser: TestBrowser;
let page: Page;
let loginViolations: string[];

beforeAll(async () => {
  world = await startOfficeWorld();
  // Something of every state for the pills: an acknowledged alarm, cases under way, a notice for later.
  await world.stationSends('yunlong-heping', [
    {
      type: 'alarm.raised',
      body: { alarmId: 'a-1', rule: 'door-held-open', device: 'door', detail: 'x', facts: { seconds: 60 } },
    },
    {
      type: 'alarm.raised',
      body: { alarmId: 'a-2', rule: 'over-capacity', detail: 'y', facts: { inside: 11, capacity: 10 } },
    },
    { type: 'feedback.created', body: { feedbackId: 'c0ffee00-0000-4000-8000-000000000001', category: 'gate' } },
    { type: 'feedback.created', body: { feedbackId: 'c0ffee00-0000-4000-8000-000000000002', category: 'broken' } },
  ]);
  await world.api('POST', '/api/v1/stations/yunlong-heping/alarms/a-1/acknowledge');
  await world.api('PATCH', '/api/v1/stations/yunlong-heping/feedback/c0ffee00-0000-4000-8000-000000000001', {
    status: 'assessing',
  });
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(world.url);
  // The sign-in page as a newcomer meets it.
  loginViolations = await seriousA11yViolations(page);
  await page.getByLabel('用户名').fill(OFFICE.username);
  await page.getByLabel('密码').fill(OFFICE.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('tr[data-station]').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** The contrast ratio of an element's text on its own background, as WCAG computes it. */
async function contrastOf(selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.locator(selector).evaluateAll((elements) => {
    const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const c = [r!, g!, b!].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    return elements.map((e) => {
      const style = getComputedStyle(e);
      const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
      return { text: e.textContent ?? '', ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
  });
}

describe('trends and rankings', () => {
  it('compares the week, month and year with the span before, and ranks the stations', async () => {
    await page.getByRole('link', { name: '趋势分析' }).click();
    const week = page.locator('[data-period="week"]');
    await week.waitFor();
    const trends = (await (await world.api('GET', '/api/v1/trends')).json()) as {
      periods: { period: string; current: { visits: number } }[];
      stations: { stationId: string; visitsPerSeat: number }[];
    };
    for (const p of trends.periods) {
      expect(await page.locator(`[data-period="${p.period}"] .tile-value`).textContent()).toBe(
        p.current.visits.toLocaleString('zh-CN'),
      );
    }
    expect(await page.locator('[data-mix]').count()).toBe(4);
    const ranked = await page
      .locator('table[data-ranking="visitsPerSeat"] tr[data-station]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station')));
    expect(ranked).toEqual(trends.stations.map((s) => s.stationId));
    await page.locator('select[name="rank"]').selectOption('visits');
    await page.locator('table[data-ranking="visits"]').waitFor();
    await page.locator('select[name="rank"]').selectOption('visitsPerSeat');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'office-trends.png'), animations: 'disabled', fullPage: true });
  });
});

describe('exports a union files', () => {
  const workbook = async (path: string) => {
    const res = await fetch(`${world.url}${path}`, { headers: { cookie: await world.operatorCookie() } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    return book;
  };

  it('gives any table as XLSX with Chinese headers and words, the same rows as the preview', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const book = await workbook(`/api/v1/reports/visits-daily/xlsx?from=${today}&to=${today}&lang=zh`);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('每日服务人次');
    expect(sheet.getRow(2).values).toEqual([undefined, '时间', '驿站', '类别', '进站方式', '人次']);
    const preview = (await (
      await world.api('GET', `/api/v1/reports/visits-daily?from=${today}&to=${today}&lang=zh`)
    ).json()) as {
      display: { rows: (string | number)[][] };
    };
    expect(sheet.rowCount - 2).toBe(preview.display.rows.length);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(preview.display.rows[0]);
    expect(preview.display.rows.flat().join(' ')).not.toMatch(/rider|courier|walk-in|yunlong-/);
  });

  it('gives the monthly report per district and for the city, with events held and cases', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = (await (await world.api('GET', `/api/v1/monthly-report?month=${month}`)).json()) as {
      total: { visits: number; stations: number };
      districts: { district: string; visits: number }[];
      cases: { reported: number };
    };
    expect(report.total.stations).toBe(7);
    expect(report.districts.reduce((n, d) => n + d.visits, 0)).toBe(report.total.visits);
    expect(report.cases.reported).toBe(2);
    const book = await workbook(`/api/v1/monthly-report/xlsx?month=${month}`);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '各驿站', '活动', '问题反馈']);
    const summary = book.getWorksheet('概况')!;
    expect(String(summary.getRow(1).getCell(1).value)).toBe(`全市工会驿站${month.replace('-', '年')}月服务情况`);
    expect((summary.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['区域', '驿站数', '服务人次']);
    const last = summary.getRow(summary.rowCount);
    expect([last.getCell(1).value, last.getCell(3).value]).toEqual(['合计', report.total.visits]);
    const quanshan = (await (
      await world.api('GET', `/api/v1/monthly-report?month=${month}&district=泉山区`)
    ).json()) as {
      districts: { district: string }[];
    };
    expect(quanshan.districts.map((d) => d.district)).toEqual(['泉山区']);
  });
});

describe('accessible', () => {
  it('has every status pill at 4.5:1 or better and every target at least 24 px', async () => {
    for (const [hash, selector] of [
      ['#/alarms', '.pill'],
      ['#/feedback', '.pill'],
      ['#/overview', '.pill'],
      ['#/notices', '.pill'],
    ] as const) {
      await page.goto(`${world.url}/${hash}`);
      await page.locator(selector).first().waitFor();
      for (const { text, ratio } of await contrastOf(selector)) {
        expect({ hash, text, ok: ratio >= 4.5 }).toEqual({ hash, text, ok: true });
      }
    }
    for (const hash of ['#/alarms', '#/schedules', '#/notices', '#/feedback']) {
      await page.goto(`${world.url}/${hash}`);
      await page.locator('main button').first().waitFor();
      const small = await page.locator('main button, .topbar a, .topbar button').evaluateAll((els) =>
        els
          .map((e) => ({ text: e.textContent, box: e.getBoundingClientRect() }))
          .filter((e) => e.box.width > 0 && (e.box.height < 24 || e.box.width < 24))
          .map((e) => `${e.text} ${e.box.width}×${e.box.height}`),
      );
      expect({ hash, small }).toEqual({ hash, small: [] });
    }
  });

  it('has no serious or critical axe-core violation on any page, the big screen included', async () => {
    expect({ name: 'login', violations: loginViolations }).toEqual({ name: 'login', violations: [] });
    const pages = ['overview', 'map', 'trends', 'alarms', 'schedules', 'notices', 'feedback', 'export', 'screens'];
    for (const name of pages) {
      await page.goto(`${world.url}/#/${name}`);
      await page.reload();
      await page.locator('main > *').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ name, violations: await seriousA11yViolations(page) }).toEqual({ name, violations: [] });
    }
    await page.goto(`${world.url}/#/station/quanshan-sanbao`);
    await page.reload();
    await page.locator('figure.chart').first().waitFor();
    expect({ name: 'station', violations: await seriousA11yViolations(page) }).toEqual({
      name: 'station',
      violations: [],
    });
    await page.evaluate(() => localStorage.setItem('yz-lang', 'en'));
    await page.goto(`${world.url}/#/overview`);
    await page.reload();
    await page.locator('tr[data-station]').first().waitFor();
    expect({ name: 'overview-en', violations: await seriousA11yViolations(page) }).toEqual({
      name: 'overview-en',
      violations: [],
    });
    await page.evaluate(() => localStorage.setItem('yz-lang', 'zh'));

    const made = await world.hub.admin.createScreen({ name: '徐州市总工会驿站数据大屏' }, 'office');
    const screen = await browser.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${world.url}${made.path}`);
    await screen.locator('.s-live.on').waitFor();
    await screen.locator('[data-kpi="todayVisits"]').waitFor();
    expect({ name: 'screen', violations: await seriousA11yViolations(screen) }).toEqual({
      name: 'screen',
      violations: [],
    });
  });
});
