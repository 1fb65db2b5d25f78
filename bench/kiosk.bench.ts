/**
 * `pnpm bench kiosk`: what the kiosk costs the screen it runs on.
 * - jsGzipKB: the shipped JavaScript, gzipped (target ≤ 60).
 * - servedKB: the bytes the agent sends for the page and its assets to a browser that accepts br/gzip, beside
 *   servedUncompressedKB: the same files to a client that accepts neither (what every browser got before).
 * - firstRenderMs: navigation start → station name and live service cards on screen, Chromium with 4× CPU
 *   throttling, cold cache, median of 5 (target ≤ 1500); beside it the same page unthrottled.
 * - heapGrowthPct: JS heap after 10,000 live updates against after 100, each after a forced GC (target < 10).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import type { DeviceState } from '@yizhan/shared';
import { buildAgent, parseAgentConfig, startEmbeddedBroker } from '@yizhan/station-agent';
import { launchBrowser, type TestBrowser } from '../tests/support/browser.ts';
import { KIOSK_CONTENT } from '../tests/support/kiosk-page.ts';
import { percentile, writeResult } from './results.ts';

type Page = Awaited<ReturnType<TestBrowser['context']['newPage']>>;
type CDPSession = Awaited<ReturnType<TestBrowser['context']['newCDPSession']>>;

const RUNS = 5;
const THROTTLE = 4;

const build = spawnSync('pnpm', ['--filter', '@yizhan/kiosk-ui', 'build'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('the kiosk did not build');

const assets = join(kioskDistDir, 'assets');
const jsBytes = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
const jsGzipKB = jsBytes / 1024;

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-kiosk-'));
const broker = await startEmbeddedBroker({ port: 0 });
const agent = await buildAgent(
  parseAgentConfig(
    {
      station: { id: 'bench-kiosk', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: broker.url },
      dataDir: dir,
      devices: [
        {
          id: 'microwave',
          kind: 'appliance',
          label: { zh: '微波炉', en: 'Microwave' },
          source: { format: 'tasmota', topic: 'bench_microwave' },
          inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
        },
        {
          id: 'fridge',
          kind: 'fridge',
          label: { zh: '冰箱', en: 'Fridge' },
          source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/bench_fridge' },
        },
        { id: 'rest-area', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/bench_pir' } },
      ],
      services: ['water', 'microwave', 'fridge', 'rest', 'charging', 'toilet', 'wifi'],
    },
    dir,
  ),
  { kioskDir: kioskDistDir },
);
agent.bundle.save(
  {
    version: 'bench',
    station: { id: 'bench-kiosk', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
    memberKeys: [],
    revokedMembers: [],
    feedbackReplies: [],
    ...KIOSK_CONTENT,
  },
  new Date(),
);
await agent.http.listen({ host: '127.0.0.1', port: 0 });
await agent.start();
const url = `http://127.0.0.1:${(agent.http.server.address() as { port: number }).port}/`;

/** The bytes on the wire for one path (the body as sent, not decoded), with the Accept-Encoding given. */
function wireBytes(path: string, acceptEncoding: string | undefined): Promise<{ bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    get(new URL(path, url), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ bytes: raw.length, body: res.headers['content-encoding'] ? '' : raw.toString() });
      });
    }).on('error', reject);
  });
}
/** The page and every asset it names, as Chromium asks for them, and as a client without compression does. */
async function servedBytes(acceptEncoding: string | undefined): Promise<number> {
  const page = await wireBytes('/', undefined);
  const assets = [...page.body.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
  if (assets.length === 0) throw new Error('the kiosk page names no assets');
  let total = (await wireBytes('/', acceptEncoding)).bytes;
  for (const asset of assets) total += (await wireBytes(asset, acceptEncoding)).bytes;
  return total;
}
const servedKB = (await servedBytes('gzip, deflate, br, zstd')) / 1024;
const servedUncompressedKB = (await servedBytes(undefined)) / 1024;
const browser = await launchBrowser();

/** Marks the moment the station's name and its service cards are on screen (the first render that says something). */
const FIRST_RENDER_PROBE = `
  new MutationObserver((_, observer) => {
    const name = document.querySelector('[data-testid="station-name"]');
    if (name && name.textContent === '三胞广场工会驿站' && document.querySelector('[data-device]')) {
      window.__firstRender = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

async function firstRender(rate: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.addInitScript(FIRST_RENDER_PROBE);
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender, {
      timeout: 30_000,
    });
    samples.push(Number(await handle.jsonValue()));
    await page.close();
  }
  return percentile(samples, 50);
}

const firstRenderUnthrottledMs = await firstRender(1);
const firstRenderMs = await firstRender(THROTTLE);

/** The heap of live objects once the page has gone quiet: frames and renders still in flight are not a leak. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

let sent = 0;
/** `n` live updates through the agent's own bus and WebSocket, as devices would cause them; waits until shown. */
async function liveUpdates(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    sent++;
    const at = new Date().toISOString();
    const microwave: DeviceState = {
      device: 'microwave',
      kind: 'appliance',
      online: true,
      updatedAt: at,
      status: sent % 2 ? 'in-use' : 'free',
      values: { powerW: sent % 2 ? 800 + (sent % 50) : 0.5, energyKWh: 30 + sent / 1000 },
    };
    agent.bus.emit('device', microwave);
    if (sent % 10 === 0) agent.bus.emit('occupancy', { inside: sent % 21, capacity: 20, updatedAt: at });
    // Let the socket drain now and then, as a real station's pace would.
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  const celsius = 2 + (sent % 60) / 10;
  agent.bus.emit('device', {
    device: 'fridge',
    kind: 'fridge',
    online: true,
    updatedAt: new Date().toISOString(),
    status: 'ok',
    values: { temperatureC: celsius },
  });
  await page.waitForFunction(
    (text: string) => document.querySelector('[data-device="fridge"]')?.textContent?.includes(text),
    `${celsius.toFixed(1)} °C`,
    { timeout: 120_000 },
  );
}

// A browser of its own, so pages of the render runs share no renderer (and heap) with this one.
await browser.close();
const heapBrowser = await launchBrowser();
const page = await heapBrowser.context.newPage();
const cdp = await heapBrowser.context.newCDPSession(page);
await page.goto(url);
await page.waitForSelector('[data-testid="connection"][data-connected="true"]');
await liveUpdates(page, 100);
const heapAfter100 = await heapAfterGc(cdp);
await liveUpdates(page, 9_900);
const heapAfter10000 = await heapAfterGc(cdp);
const heapGrowthPct = ((heapAfter10000 - heapAfter100) / heapAfter100) * 100;

await heapBrowser.close();
await agent.close();
await broker.close();
rmSync(dir, { recursive: true, force: true });

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
writeResult(
  'kiosk',
  {
    jsGzipKB: round(jsGzipKB),
    servedKB: round(servedKB),
    servedUncompressedKB: round(servedUncompressedKB),
    servedRatio: round(servedKB / servedUncompressedKB, 3),
    firstRenderMs: round(firstRenderMs, 0),
    firstRenderUnthrottledMs: round(firstRenderUnthrottledMs, 0),
    throttleRatio: round(firstRenderMs / firstRenderUnthrottledMs, 2),
    heapGrowthPct: round(heapGrowthPct, 2),
    heapAfter100KB: round(heapAfter100 / 1024),
    heapAfter10000KB: round(heapAfter10000 / 1024),
  },
  'Served: the page and its assets as the agent sends them (precompressed at build, chosen by Accept-Encoding: ' +
    'Chromium sends gzip, deflate, br, zstd) against the same files to a client that accepts no encoding. ' +
    `Chromium ${THROTTLE}x CPU throttling via CDP, cold cache, median of ${RUNS}; first render = station name and ` +
    'live service cards on screen, from navigation start; baseline the same page unthrottled. Heap: CDP ' +
    'HeapProfiler.collectGarbage then Runtime.getHeapUsage 2 s after the last update was shown, after 100 and after 10,000 device updates ' +
    '(plus an occupancy update every 10th) sent through the agent bus and its /api/live WebSocket.',
);
