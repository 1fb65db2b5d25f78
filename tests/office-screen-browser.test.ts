/**
 * The map and the big screen in a real Chromium against the demo's plan with two real agents: every station on a
 * plain map (no tiles here) with district labels, clustered when zoomed out, a click opening the station; then a
 * read-only screen link made by an admin, the screen at 1920×1080 with its live figures, updating as stations
 * sync, reconnecting by itself after a hub restart, and refused once revoked.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { type OfficeWorld, signIn, startOfficeWorld } from './support/office-world.ts';
import { waitFor } from './support/wait.ts';

let world: OfficeWorld;
let browser: TestBrowser;
let office: Page;
let screen: Page;
let screenUrl: string;

const SANBAO = 'quanshan-sanbao';
const HEPING = 'yunlong-heping';

beforeAll(async () => {
  world = await startOfficeWorld();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  office = await browser.context.newPage();
  office.setDefaultTimeout(10_000);
  await signIn(office, world.url);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** One step of zoom, waiting until Leaflet has finished it (its zoom animation class is gone). */
async function zoom(page: Page, way: 'in' | 'out'): Promise<void> {
  const map = page.locator('.station-map');
  const before = await map.getAttribute('data-zoom');
  const control = page.locator(`.leaflet-control-zoom-${way}`);
  // A click that lands while Leaflet still animates the last zoom is dropped: click again until the zoom moves.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (((await control.getAttribute('class')) ?? '').includes('leaflet-disabled')) return;
    await control.click();
    const moved = await waitFor(async () => (await map.getAttribute('data-zoom')) !== before, {
      timeoutMs: 3_000,
      what: `a zoom ${way}`,
    }).catch(() => false);
    if (moved) return;
  }
  throw new Error(`the map did not zoom ${way}`);
}

describe('the map', () => {
  it('puts every station on a plain map with its district labels, live status and a click to its page', async () => {
    await office.getByRole('link', { name: '地图' }).click();
    const map = office.locator('.station-map[data-tiles="no"]');
    await map.waitFor();
    await office.locator('.map-station[data-station]').first().waitFor();
    const labels = await office.locator('.map-district').allTextContents();
    expect(labels.sort()).toEqual(['云龙区', '徐州经开区', '泉山区', '鼓楼区'].sort());
    // Seven stations, some of them clustered at the first zoom: every one is in a marker or a cluster's count.
    const shown = async () => {
      const single = await office.locator('.map-station[data-station]').count();
      const counts = await office.locator('.map-cluster span').allTextContents();
      return single + counts.reduce((n, c) => n + Number(c), 0);
    };
    expect(await shown()).toBe(7);
    await office.screenshot({ path: join(SCREENSHOT_DIR, 'office-map.png'), animations: 'disabled' });

    // Zoomed out to the city's scale: fewer markers, until one cluster holds all seven.
    const all = office.locator('.map-cluster span', { hasText: /^7$/ });
    for (let i = 0; i < 6 && (await all.count()) === 0; i++) {
      await zoom(office, 'out');
      expect(await shown()).toBe(7);
    }
    await all.waitFor();
    await office.locator('.map-cluster').click();
    await office.locator('.map-station[data-station]').first().waitFor();

    // An alarm turns a station red.
    await world.stationSends(HEPING, [
      {
        type: 'alarm.raised',
        body: { alarmId: 'h-1', rule: 'over-capacity', detail: 'x', facts: { inside: 12, capacity: 10 } },
      },
    ]);
    const heping = office.locator(`.map-station[data-station="${HEPING}"]`);
    // Into the clusters until 和平路 stands on its own.
    for (let i = 0; i < 6 && (await heping.count()) === 0; i++) {
      const before = await office.locator('.station-map').getAttribute('data-zoom');
      await office.locator('.map-cluster').first().click();
      await waitFor(async () => (await office.locator('.station-map').getAttribute('data-zoom')) !== before, {
        timeoutMs: 15_000,
        what: 'a cluster opened',
      });
    }
    await heping.and(office.locator('[data-tone="alarm"]')).waitFor();
    await heping.click();
    await office.waitForURL(/#\/station\/yunlong-heping$/);
  });
});

describe('the big screen', () => {
  it('is opened by a read-only link an admin makes, and shows the city live at 1920×1080', async () => {
    await office.goto(`${world.url}/#/screens`);
    await office.getByRole('button', { name: '新建大屏链接' }).click();
    const link = office.getByTestId('screen-link');
    await link.waitFor();
    screenUrl = (await link.textContent())!;
    expect(screenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/screen#token=yzsc_[\w-]{43}$/);

    screen = await browser.context.newPage();
    screen.setDefaultTimeout(10_000);
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(screenUrl);
    await screen.locator('.s-live.on').waitFor();
    expect(await screen.locator('.s-title').textContent()).toBe('徐州市总工会驿站数据大屏');
    const overview = (await (await world.api('GET', '/api/v1/overview')).json()) as {
      city: { todayVisits: number; yearVisits: number; stations: number };
    };
    expect(await screen.locator('[data-kpi="todayVisits"]').textContent()).toBe(
      overview.city.todayVisits.toLocaleString('zh-CN'),
    );
    expect(await screen.locator('[data-kpi="yearVisits"]').textContent()).toBe(
      overview.city.yearVisits.toLocaleString('zh-CN'),
    );
    expect(await screen.locator('[data-testid="districts"] li').count()).toBe(4);
    expect(await screen.locator('[data-testid="mix"] li').count()).toBe(6);
    await screen.locator('[data-testid="alarm-grid"] li[data-station="yunlong-heping"]').waitFor();
    // Nothing of the dashboard's sign-in or navigation.
    expect(await screen.locator('nav, .topbar, input[type="password"]').count()).toBe(0);
  });

  it('updates as stations sync, and opens a station on a click', async () => {
    const before = Number((await screen.locator('[data-kpi="todayVisits"]').textContent())!.replaceAll(',', ''));
    await world.stationSends(HEPING, [
      { type: 'visit.started', body: { visitId: 'screen-1', method: 'walk-in', category: 'sanitation' } },
      { type: 'visit.started', body: { visitId: 'screen-2', method: 'walk-in', category: 'sanitation' } },
    ]);
    await screen
      .locator('[data-kpi="todayVisits"]', { hasText: (before + 2).toLocaleString('zh-CN') })
      .waitFor({ timeout: 3_000 });
    await screen.locator(`.map-station[data-station="${SANBAO}"], .map-cluster`).first().waitFor();
    await screen.screenshot({ path: join(SCREENSHOT_DIR, 'office-screen.png'), animations: 'disabled' });
    const marker = screen.locator(`.map-station[data-station="${HEPING}"]`);
    if ((await marker.count()) === 0) await screen.locator('.map-cluster').first().click();
    await marker.click();
    const card = screen.getByTestId('screen-station');
    expect(await card.locator('h3').textContent()).toBe('和平路工会驿站');
  });

  it('reconnects by itself after the hub restarts', async () => {
    await world.restartHub();
    await screen.locator('.s-live.on').waitFor({ timeout: 20_000 });
    await world.stationSends(HEPING, [
      { type: 'visit.started', body: { visitId: 'screen-3', method: 'walk-in', category: 'rider' } },
    ]);
    const overview = async () =>
      ((await (await world.api('GET', '/api/v1/overview')).json()) as { city: { todayVisits: number } }).city
        .todayVisits;
    const expected = await waitFor(overview, { what: 'the overview' });
    await screen.locator('[data-kpi="todayVisits"]', { hasText: expected.toLocaleString('zh-CN') }).waitFor();
  });

  it('says so and shows nothing once the link is revoked, as it does for a link that never was', async () => {
    await office.goto(`${world.url}/#/screens`);
    const row = office.locator('tr[data-screen]').first();
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByRole('group').getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').waitFor();
    await screen.getByRole('alert').filter({ hasText: '此大屏链接已停用' }).waitFor();
    expect(await screen.locator('[data-kpi]').count()).toBe(0);
    const api = await fetch(`${world.url}/api/v1/screen`, {
      headers: { authorization: `Bearer ${new URL(screenUrl).hash.slice('#token='.length)}` },
    });
    expect(api.status).toBe(401);

    // Another fragment is the same document: load it afresh.
    await screen.goto(`${world.url}/screen#token=yzsc_not-a-token`);
    await screen.reload();
    await screen.getByRole('alert').filter({ hasText: '大屏链接无效' }).waitFor();
  });
});
