/**
 * sensor-ingest: how many device messages a second the station agent takes in (parse, state, rollup,
 * persist) from a publisher on the real Mosquitto, beside a plain `mosquitto_sub > /dev/null` receiving
 * the same stream in the same run; the agent's RSS over the run; and the p99 from a device publish to
 * the kiosk's WebSocket update while 1,000 msg/s of other device traffic flows.
 *
 * The publishers run as child processes (this file with `publisher` as its first argument), so the
 * agent's process holds only the agent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LiveMessage, tasmotaTopics } from '@yizhan/shared';
import { buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { percentile, writeResult } from './results.ts';

const BROKER = 'mqtt://127.0.0.1:1883';
const DEVICES = 200;
const WARMUP = 30_000;
const WARMUP_RATE = 10_000;
const MEASURED = 300_000;
const BACKGROUND_RATE = 1_000;
const SUSTAINED_RATE = 15_000;
const SUSTAINED_SECONDS = 20;
const LATENCY_SAMPLES = 300;

/** `publisher <prefix> <count> <rate|0>`: Tasmota SENSOR messages round-robin over the plugs; 0 = as fast as possible. */
async function publisher(): Promise<void> {
  const [, , , prefix, countArg, rateArg] = process.argv;
  const count = Number(countArg);
  const rate = Number(rateArg);
  const client = await mqtt.connectAsync(BROKER, { clientId: `bench-pub-${process.pid}` });
  const payload = (i: number) =>
    JSON.stringify({
      Time: new Date().toISOString().slice(0, 19),
      ENERGY: { Total: 12 + i / 1e6, Power: (i * 7) % 1200, Voltage: 230, Current: ((i * 7) % 1200) / 230 },
    });
  process.stdout.write('start\n');
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    client.publish(tasmotaTopics(`${prefix}/plug${i % DEVICES}`).sensor, payload(i), { qos: 0 });
    // Paced runs send in small steps (10 messages), so the background is a steady stream, not bursts.
    if (i % (rate > 0 ? 10 : 500) === (rate > 0 ? 9 : 499)) {
      if (rate > 0) {
        const due = started + ((i + 1) / rate) * 1000;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      } else {
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  await client.endAsync();
}

function startPublisher(
  prefix: string,
  count: number,
  rate: number,
): { child: ChildProcess; started: Promise<number> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'publisher', prefix, String(count), String(rate)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = new Promise<number>((resolve) => child.stdout!.once('data', () => resolve(performance.now())));
  return { child, started };
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));

async function until(probe: () => boolean, what: string, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now();
}

/** Waits until `count` has stopped growing for half a second; returns when it last grew. */
async function settled(count: () => number): Promise<number> {
  let last = count();
  let lastAt = performance.now();
  while (performance.now() - lastAt < 500) {
    await new Promise((r) => setTimeout(r, 2));
    const n = count();
    if (n !== last) {
      last = n;
      lastAt = performance.now();
    }
  }
  return lastAt;
}

/** Growth from the mean of the first 8 samples (2 s) to the mean of the last 8. */
function growthPct(samples: number[]): number {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const head = mean(samples.slice(0, 8));
  return ((mean(samples.slice(-8)) - head) / head) * 100;
}

async function main(): Promise<void> {
  const id = `bench-${process.pid}`;
  const prefix = `bench${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-ingest-'));
  const config = parseAgentConfig({
    station: { id, name: 'bench', district: 'bench', capacity: 20 },
    mqtt: { url: BROKER },
    http: { port: 0 },
    dataDir: dir,
    devices: [
      ...Array.from({ length: DEVICES }, (_, i) => ({
        id: `plug${i}`,
        kind: 'appliance',
        source: { format: 'tasmota', topic: `${prefix}/plug${i}` },
        inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
        maxMessagesPerSecond: 100_000,
      })),
      {
        id: 'probe',
        kind: 'presence',
        source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${prefix}_probe` },
        maxMessagesPerSecond: 1_000,
      },
    ],
  });
  const agent = await buildAgent(config);
  await agent.http.listen({ host: '127.0.0.1', port: 0 });
  await agent.start();
  const persisted = () => agent.readings.persisted;

  // Warm-up: JIT, SQLite pages, the broker's client buffers.
  const warm = startPublisher(prefix, WARMUP, WARMUP_RATE);
  await exited(warm.child);
  await settled(persisted);

  // The plain subscriber counts the same stream and exits when it has it all.
  const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-t', `tele/${prefix}/+/SENSOR`, '-C', String(MEASURED)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const subExited = exited(sub);
  await new Promise((r) => setTimeout(r, 1_000)); // mosquitto_sub gives no "subscribed" signal
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 250);
  const base = persisted();
  const run = startPublisher(prefix, MEASURED, 0);
  const t0 = await run.started;
  await exited(run.child);
  const agentDone = await settled(persisted);
  const agentCount = persisted() - base;
  const subDone = await Promise.race([subExited, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 30_000))]);
  sub.kill();
  clearInterval(sampler);
  console.log(`agent ${agentCount} in ${Math.round(agentDone - t0)} ms; mosquitto_sub ${Math.round(subDone - t0)} ms`);
  const agentMsgsPerSec = agentCount / ((agentDone - t0) / 1000);
  const plainSubscriberMsgsPerSec = MEASURED / ((subDone - t0) / 1000);
  const overloadRssGrowthPct = growthPct(rss);

  // Memory over a longer run at a rate the agent sustains: it must stay flat.
  const sustainedBase = persisted();
  const sustainedRss: number[] = [];
  const sustainedSampler = setInterval(() => sustainedRss.push(process.memoryUsage().rss), 250);
  const sustained = startPublisher(prefix, SUSTAINED_RATE * SUSTAINED_SECONDS, SUSTAINED_RATE);
  await exited(sustained.child);
  await settled(persisted);
  clearInterval(sustainedSampler);
  const sustainedReceivedPct = ((persisted() - sustainedBase) / (SUSTAINED_RATE * SUSTAINED_SECONDS)) * 100;
  const rssGrowthPct = growthPct(sustainedRss.slice(8));
  const mb = (b: number) => Math.round(b / 1e6);
  console.log(
    `RSS over the sustained run (MB): ${sustainedRss
      .filter((_, i) => i % 8 === 0)
      .map(mb)
      .join(' ')}`,
  );

  // Latency under 1,000 msg/s of background: a PIR toggles, the kiosk must show it.
  const background = startPublisher(prefix, BACKGROUND_RATE * 30, BACKGROUND_RATE);
  await background.started;
  const kiosk = new WebSocket(`ws://127.0.0.1:${(agent.http.server.address() as { port: number }).port}/api/live`);
  const seen: { status: string; at: number }[] = [];
  kiosk.on('message', (data) => {
    const m = JSON.parse(data.toString()) as LiveMessage;
    if (m.type === 'device' && m.state.device === 'probe') seen.push({ status: m.state.status, at: performance.now() });
  });
  await new Promise((r) => kiosk.once('open', r));
  const device = await mqtt.connectAsync(BROKER, { clientId: `bench-probe-${process.pid}` });
  // A device sends one small packet per reading; Nagle on the test's own socket would measure the kernel.
  (device.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  // The broker path alone, for comparison: a plain client subscribed to the probe and the background.
  const plain = await mqtt.connectAsync(BROKER, { clientId: `bench-plain-${process.pid}` });
  const plainSeen: number[] = [];
  plain.on('message', (topic) => {
    if (topic.endsWith('_probe')) plainSeen.push(performance.now());
  });
  await plain.subscribeAsync([`zigbee2mqtt/${prefix}_probe`, `tele/${prefix}/+/SENSOR`]);
  const plainLatencies: number[] = [];
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const occupied = i % 2 === 0;
    const before = seen.length;
    const sentAt = performance.now();
    device.publish(
      `zigbee2mqtt/${prefix}_probe`,
      JSON.stringify({ occupancy: occupied, battery: 97, linkquality: i % 200 }),
      { qos: 0 },
    );
    const at = await until(
      () => seen.slice(before).some((s) => s.status === (occupied ? 'occupied' : 'clear')),
      'the kiosk update',
      5_000,
    );
    latencies.push(at - sentAt);
    const plainAt = plainSeen.find((t) => t >= sentAt);
    if (plainAt !== undefined) plainLatencies.push(plainAt - sentAt);
    await new Promise((r) => setTimeout(r, 20));
  }
  const publishToKioskP99Ms = percentile(latencies, 99);
  const plainSubscriberP99Ms = percentile(plainLatencies, 99);
  console.log(
    `latency p50 ${percentile(latencies, 50).toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms; ` +
      `plain subscriber p50 ${percentile(plainLatencies, 50).toFixed(2)} ms, p99 ${plainSubscriberP99Ms.toFixed(2)} ms`,
  );
  await plain.endAsync();
  background.child.kill();
  kiosk.close();
  await device.endAsync();
  await agent.close();
  rmSync(dir, { recursive: true, force: true });

  const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  writeResult(
    'sensor-ingest',
    {
      agentMsgsPerSec: round(agentMsgsPerSec, 0),
      plainSubscriberMsgsPerSec: round(plainSubscriberMsgsPerSec, 0),
      ratioToPlainSubscriber: round(agentMsgsPerSec / plainSubscriberMsgsPerSec, 3),
      rssGrowthPct: round(rssGrowthPct, 1),
      agentReceivedPct: round((agentCount / MEASURED) * 100, 1),
      overloadRssGrowthPct: round(overloadRssGrowthPct, 1),
      sustainedReceivedPct: round(sustainedReceivedPct, 1),
      publishToKioskP99Ms: round(publishToKioskP99Ms, 2),
      plainSubscriberP99Ms: round(plainSubscriberP99Ms, 2),
    },
    `${MEASURED} Tasmota SENSOR messages over ${DEVICES} plugs, QoS 0, one publisher process at full speed, on the ` +
      `machine's Mosquitto; agent rate = until every reading is committed to SQLite (batched every 100 ms); ` +
      `plain = mosquitto_sub -C ${MEASURED} to /dev/null in the same run (the broker drops QoS 0 ` +
      `messages the agent cannot take at full speed: agentReceivedPct); rssGrowthPct: ${SUSTAINED_SECONDS} s at ` +
      `${SUSTAINED_RATE} msg/s, RSS every 250 ms, mean of 2 s after the first 2 s vs the last 2 s ` +
      `(overloadRssGrowthPct: the same over the full-speed run); latency: ${LATENCY_SAMPLES} PIR toggles, publish to the kiosk ` +
      `WebSocket message, under ${BACKGROUND_RATE} msg/s background; ${availableParallelism()} CPUs.`,
  );
}

if (process.argv[2] === 'publisher') await publisher();
else await main();
