/**
 * screen: the office's big screen against 10,000 stations. A hub (SQLite, over TCP) with 10,000 stations; the
 * screen open in Chromium at 1920×1080 over a read-only link. Reports:
 * - `firstRenderMs`: from navigation to the first figures on the screen (its snapshot of 10,000 stations parsed
 *   and drawn, the map clustered) with the CPU throttled 4×; beside it the same with no station registered;
 * - `updateP99Ms`: while every station syncs a batch of visits (8 at a time over HTTP), a probe station raises an
 *   alarm every 100 syncs; from its sync's answer to the screen's 未处理告警 showing it, p99 over the probes
 *   (times on the one machine clock: the page's `performance.timeOrigin + now()` against the bench's `Date.now()`);
 * - `jsGzipKB`: the screen's JavaScript as loaded, gzipped (level 9), the map library (loaded after the first
 *   figures) included; beside it the dashboard's.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildHub, dashboardDistDir, type HubApp, parseHubConfig } from '@yizhan/hub';
import { type OutboxEvent, WORKER_CATEGORIES } from '@yizhan/shared';
import { launchBrowser, type TestBrowser } from '../tests/support/browser.ts';
import { percentile, writeResult } from './results.ts';

type Page = Awaited<ReturnType<TestBrowser['context']['newPage']>>;

const STATIONS = 10_000;
const PROBE_EVERY = 100;
const PARALLEL = 8;
const DISTRICTS = [
  '鼓楼区',
  '云龙区',
  '泉山区',
  '徐州经开区',
  '贾汪区',
  '铜山区',
  '新沂市',
  '邳州市',
  '睢宁县',
  '沛县',
];

if (!existsSync(join(dashboardDistDir, 'screen.html'))) {
  throw new Error('the dashboard is not built: run `pnpm --filter @yizhan/hub build:dashboard` first');
}

/** Loads the screen and answers the ms from navigation to its first figures, and the JS it loaded (bytes, gzipped). */
async function openScreen(page: Page, url: string): Promise<{ firstRenderMs: number; jsGzip: number }> {
  const scripts: Promise<Buffer>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res.body());
  });
  await page.goto(url);
  await page.waitForSelector('[data-kpi="todayVisits"]', { timeout: 120_000 });
  // A string, not a function: the bench's TypeScript runner would wrap a function in helpers the page lacks.
  const firstRenderMs = (await page.evaluate('performance.now()')) as number;
  // The map comes after the figures (its own chunk): its script counts too.
  await page.waitForSelector('.station-map.leaflet-container', { timeout: 120_000 });
  const jsGzip = (await Promise.all(scripts)).reduce((n, body) => n + gzipSync(body, { level: 9 }).length, 0);
  return { firstRenderMs, jsGzip };
}

async function throttledFirstRender(browser: TestBrowser, url: string): Promise<number> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const { firstRenderMs } = await openScreen(page, url);
  await page.close();
  return firstRenderMs;
}

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-screen-'));
let hub: HubApp | undefined;
let browser: TestBrowser | undefined;
try {
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db'), listen: { port: 0 } }), {
    dashboardDir: dashboardDistDir,
  });
  await hub.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
  const screenUrl = `${base}${(await hub.admin.createScreen({ name: '全省驿站数据大屏' }, 'bench')).path}`;
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });

  // Baselines: the screen of an empty hub, and the dashboard's JavaScript.
  const emptyFirstRenderMs = await throttledFirstRender(browser, screenUrl);
  const dashboard = await browser.context.newPage();
  const dashboardJs = await (async () => {
    const scripts: Promise<Buffer>[] = [];
    dashboard.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body());
    });
    await dashboard.goto(base);
    await dashboard.locator('form').waitFor();
    return (await Promise.all(scripts)).reduce((n, body) => n + gzipSync(body, { level: 9 }).length, 0);
  })();
  await dashboard.close();

  const tokens: string[] = [];
  for (let i = 0; i < STATIONS; i++) {
    tokens.push(
      (
        await hub.admin.ensureStation({
          id: `fleet-${i}`,
          name: `工会驿站${i}`,
          district: DISTRICTS[i % DISTRICTS.length]!,
          capacity: 20,
          lat: 33.8 + (i % 100) / 100,
          lng: 116.8 + Math.floor(i / 100) / 100,
        })
      ).token,
    );
  }
  const send = async (i: number, events: OutboxEvent[]) => {
    const res = await fetch(`${base}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ epoch: `fleet-epoch-${i}`, events }),
    });
    if (res.status !== 200) throw new Error(`sync ${i}: ${res.status} ${await res.text()}`);
  };
  const seqs = new Array<number>(STATIONS).fill(0);
  const visits = (i: number, n: number): OutboxEvent[] =>
    Array.from({ length: n }, () => {
      seqs[i]! += 1;
      const category = WORKER_CATEGORIES[(i + seqs[i]!) % WORKER_CATEGORIES.length]!;
      return {
        epoch: `fleet-epoch-${i}`,
        seq: seqs[i]!,
        type: 'visit.started',
        at: new Date().toISOString(),
        body: { visitId: `v${seqs[i]}`, method: 'walk-in', category },
      } as OutboxEvent;
    });
  // Every station heard from once, so the screen opens on a live fleet.
  for (let i = 0; i < STATIONS; i += PARALLEL) {
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, STATIONS - i) }, (_, k) => send(i + k, visits(i + k, 2))),
    );
  }

  const firstRenderMs = await throttledFirstRender(browser, screenUrl);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const { jsGzip } = await openScreen(page, screenUrl);
  await page.locator('.s-live.on').waitFor();
  // The screen notes each value its 未处理告警 shows, with when (the machine clock, as the bench's).
  await page.evaluate(() => {
    const seen: { value: number; at: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    const target = document.querySelector('[data-kpi="alarms"]')!;
    new MutationObserver(() =>
      seen.push({
        value: Number(target.textContent!.replaceAll(',', '')),
        at: performance.timeOrigin + performance.now(),
      }),
    ).observe(target, { childList: true, characterData: true, subtree: true });
  });

  const landed = new Map<number, number>();
  let probes = 0;
  for (let i = 0; i < STATIONS; i += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, STATIONS - i) }, (_, k) => send(i + k, visits(i + k, 3)));
    if (i % PROBE_EVERY === 0) {
      const probe = (i + PROBE_EVERY / 2) % STATIONS;
      seqs[probe]! += 1;
      const alarm = {
        epoch: `fleet-epoch-${probe}`,
        seq: seqs[probe]!,
        type: 'alarm.raised',
        at: new Date().toISOString(),
        body: {
          alarmId: `probe-${probes}`,
          rule: 'fridge-too-warm',
          detail: 'probe',
          facts: { temperatureC: 9, limitC: 8 },
        },
      } as OutboxEvent;
      probes += 1;
      const expected = probes;
      batch.push(send(probe, [alarm]).then(() => void landed.set(expected, Date.now())));
    }
    await Promise.all(batch);
  }
  await page.locator('[data-kpi="alarms"]', { hasText: String(probes) }).waitFor({ timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: { value: number; at: number }[] }).seen);
  const delays: number[] = [];
  for (const [value, at] of landed) {
    const shown = seen.find((s) => s.value >= value);
    if (!shown) throw new Error(`the screen never showed alarm ${value}`);
    delays.push(Math.max(0, shown.at - at));
  }

  const metrics = {
    stations: STATIONS,
    updateP99Ms: Math.round(percentile(delays, 99)),
    updateP50Ms: Math.round(percentile(delays, 50)),
    firstRenderMs: Math.round(firstRenderMs),
    emptyHubFirstRenderMs: Math.round(emptyFirstRenderMs),
    jsGzipKB: Math.round((jsGzip / 1024) * 10) / 10,
    dashboardJsGzipKB: Math.round((dashboardJs / 1024) * 10) / 10,
    probes: delays.length,
  };
  writeResult(
    'screen',
    metrics,
    `${STATIONS} stations in ${DISTRICTS.length} districts syncing visit batches ${PARALLEL} at a time over HTTP to one ` +
      `SQLite hub; an alarm at a probe station every ${PROBE_EVERY} syncs (${delays.length} probes), timed from its ` +
      'sync answer to the screen showing the count. First render at 4× CPU throttling, 1920×1080, against the same ' +
      'screen of an empty hub. JavaScript as the screen loaded it, gzip -9; beside it the dashboard’s.',
  );
  console.log(metrics);
} finally {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
}
