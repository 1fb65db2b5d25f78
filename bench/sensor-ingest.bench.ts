/**
 * sensor-ingest: how many device messages a second the station agent takes in (parse, state, rollup,
 * persist) from a publisher on a real Mosquitto, beside a plain `mosquitto_sub > /dev/null` receiving
 * the same stream in the same run; the agent's RSS over a full-speed run; and the p99 from a device
 * publish to the kiosk's WebSocket update while 1,000 msg/s of other device traffic flows.
 *
 * Two brokers, one after the other: a Mosquitto started here with the project's deploy config
 * (deploy/mosquitto/yizhan.conf as written: `set_tcp_nodelay`, accounts and the ACL, only the paths and
 * the port changed) gives the main figures; the machine's Mosquitto on 127.0.0.1:1883 (distro defaults,
 * anonymous, no nodelay) gives the `machine…` figures.
 *
 * Throughput is sustained throughput: the publisher offers a paced stream in steps (10k, 15k, … msg/s,
 * then as fast as it can); at each step both subscribers take the same topics at the same QoS, and a
 * subscriber's rate counts only a step it received completely (the agent: every reading committed to
 * SQLite; mosquitto_sub: `-C <count>` exited), as messages ÷ (its last message − the first publish).
 * The best complete step is its rate. Mosquitto drops QoS 0 messages for a client that falls behind, so a
 * subscriber that cannot keep up fails the step instead of counting a thinned stream.
 *
 * The publishers run as child processes (this file with `publisher` as its first argument), so the
 * agent's process holds only the agent. `profile [seconds]` runs the agent alone under a full-speed
 * stream on the machine's broker, for `node --cpu-prof --import tsx bench/sensor-ingest.bench.ts profile`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LiveMessage, tasmotaTopics } from '@yizhan/shared';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { freePort, waitForPort } from '../tests/support/ports.ts';
import { percentile, writeResult } from './results.ts';

const MACHINE_PORT = 1883;
const DEVICES = 200;
const WARMUP = 30_000;
const WARMUP_RATE = 10_000;
/** Offered rates, msg/s; 0 = as fast as the publisher can. */
const STEPS = [10_000, 15_000, 20_000, 22_500, 25_000, 27_500, 30_000, 35_000, 40_000, 50_000, 0];
const STEP_SECONDS = 4;
/** A full-speed step sends this many. */
const FULL_SPEED_COUNT = 200_000;
const RSS_RUN_SECONDS = 20;
const BACKGROUND_RATE = 1_000;
const LATENCY_SAMPLES = 300;
/** The QoS the agent subscribes device telemetry with (station-agent/src/mqtt/link.ts); the plain subscriber uses it too. */
const TELEMETRY_QOS = 0;

interface Account {
  username: string;
  password: string;
}
interface Broker {
  port: number;
  /** Accounts for the agent, the devices' publisher and the plain subscriber; none on an anonymous broker. */
  agent?: Account;
  devices?: Account;
  plain?: Account;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mqttAuth = (a: Account | undefined) => (a ? { username: a.username, password: a.password } : {});
const subAuth = (a: Account | undefined) => (a ? ['-u', a.username, '-P', a.password] : []);

/** `publisher <json>`: Tasmota SENSOR messages round-robin over the plugs; rate 0 = as fast as possible. */
async function publisher(): Promise<void> {
  const { port, account, prefix, count, rate } = JSON.parse(process.argv[3]!) as {
    port: number;
    account?: Account;
    prefix: string;
    count: number;
    rate: number;
  };
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: `bench-pub-${process.pid}`,
    ...mqttAuth(account),
  });
  const topics = Array.from({ length: DEVICES }, (_, i) => tasmotaTopics(`${prefix}/plug${i}`).sensor);
  const payload = (i: number, time: string) =>
    JSON.stringify({
      Time: time,
      ENERGY: { Total: 12 + i / 1e6, Power: (i * 7) % 1200, Voltage: 230, Current: ((i * 7) % 1200) / 230 },
    });
  process.stdout.write('start\n');
  const started = performance.now();
  // Paced runs send what is due each millisecond (a steady stream, not bursts); behind schedule they only
  // yield to the socket. Full speed sends 500 at a time between yields.
  const slice = rate > 0 ? Math.max(1, Math.ceil(rate / 1000)) : 500;
  let i = 0;
  while (i < count) {
    const due =
      rate > 0 ? Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + slice) : i + slice;
    const time = new Date().toISOString().slice(0, 19);
    for (const end = Math.min(count, due); i < end; i++)
      client.publish(topics[i % DEVICES]!, payload(i, time), { qos: 0 });
    if (i >= count) break;
    const ahead = rate > 0 ? started + ((i - slice + 1) / rate) * 1000 - performance.now() : 0;
    if (ahead > 0) await sleep(ahead);
    else await new Promise((r) => setImmediate(r));
  }
  await client.endAsync();
}

function startPublisher(
  broker: Broker,
  prefix: string,
  count: number,
  rate: number,
): { child: ChildProcess; started: Promise<number>; exited: Promise<number> } {
  const args = JSON.stringify({ port: broker.port, account: broker.devices, prefix, count, rate });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'publisher', args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = new Promise<number>((resolve) => child.stdout!.once('data', () => resolve(performance.now())));
  return { child, started, exited: exited(child) };
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));

async function until(probe: () => boolean, what: string, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
  return performance.now();
}

/** Waits until `count` reaches `target`, or has stopped growing for half a second; returns when it last grew. */
async function settled(count: () => number, target = Number.POSITIVE_INFINITY): Promise<number> {
  let last = count();
  let lastAt = performance.now();
  while (last < target && performance.now() - lastAt < 500) {
    await sleep(1);
    const n = count();
    if (n !== last) {
      last = n;
      lastAt = performance.now();
    }
  }
  return lastAt;
}

/**
 * Growth from the mean RSS of seconds 2–5 to the mean of the last 3 s. Samples carry their time: a
 * saturated event loop runs the 250 ms sampler late, so sample counts are not seconds.
 */
function growthPct(samples: { at: number; rss: number }[]): number {
  const mean = (xs: { rss: number }[]) => xs.reduce((a, b) => a + b.rss, 0) / xs.length;
  const t0 = samples[0]!.at;
  const end = samples.at(-1)!.at;
  const head = mean(samples.filter((x) => x.at - t0 >= 2_000 && x.at - t0 < 5_000));
  return ((mean(samples.filter((x) => x.at >= end - 3_000)) - head) / head) * 100;
}

const median = (xs: number[]) => (xs.length === 0 ? Number.NaN : percentile(xs, 50));

/** A Mosquitto with the deploy config; bench accounts are added to the deploy ACL for the devices and the plain subscriber. */
async function startDeployBroker(dir: string): Promise<Broker> {
  const port = await freePort();
  const deploy = (name: string) => readFileSync(new URL(`../deploy/mosquitto/${name}`, import.meta.url), 'utf8');
  let conf = deploy('yizhan.conf');
  for (const [pattern, line] of [
    [/^password_file .*$/m, `password_file ${join(dir, 'passwd')}`],
    [/^acl_file .*$/m, `acl_file ${join(dir, 'acl')}`],
    [/^listener 1883$/m, `listener ${port} 127.0.0.1`],
  ] as const) {
    if (!pattern.test(conf)) throw new Error(`deploy/mosquitto/yizhan.conf has no line matching ${pattern}`);
    conf = conf.replace(pattern, line);
  }
  if (!/^set_tcp_nodelay true$/m.test(conf)) throw new Error('deploy/mosquitto/yizhan.conf no longer sets nodelay');
  // Run as the user who starts the bench (as root, Mosquitto would switch to `mosquitto`, who cannot read the temp dir).
  writeFileSync(join(dir, 'mosquitto.conf'), `user ${process.env.USER ?? 'root'}\n${conf}`);
  const agent = { username: 'yizhan-agent', password: 'bench-agent' };
  const devices = { username: 'yizhan-bench-devices', password: 'bench-devices' };
  const plain = { username: 'yizhan-bench-plain', password: 'bench-plain' };
  writeFileSync(
    join(dir, 'acl'),
    `${deploy('yizhan.acl')}\n# The bench's stand-ins: one account for all the devices, one for the plain subscriber.\n` +
      `user ${devices.username}\ntopic write tele/#\ntopic write zigbee2mqtt/#\n` +
      `user ${plain.username}\ntopic read tele/#\n`,
  );
  for (const [i, a] of [agent, devices, plain].entries()) {
    const args = [...(i === 0 ? ['-c'] : []), '-b', join(dir, 'passwd'), a.username, a.password];
    const r = spawnSync('mosquitto_passwd', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
  }
  const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const gone = exited(child);
  await waitForPort(port, 5_000).catch((err: Error) => {
    child.kill();
    throw new Error(`mosquitto with the deploy config did not start: ${stderr || err.message}`);
  });
  return {
    port,
    agent,
    devices,
    plain,
    async stop() {
      child.kill();
      await gone;
    },
  };
}

async function startAgent(broker: Broker, label: string, dir: string): Promise<{ agent: Agent; prefix: string }> {
  const prefix = `bench${process.pid}${label}`;
  const config = parseAgentConfig({
    station: { id: `bench-${process.pid}-${label}`, name: 'bench', district: 'bench', capacity: 20 },
    mqtt: { url: `mqtt://127.0.0.1:${broker.port}`, ...mqttAuth(broker.agent) },
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
  return { agent, prefix };
}

interface StepResult {
  offered: number;
  count: number;
  agent: number | undefined;
  agentReceivedPct: number;
  /** CPU time of the agent's process (user + system) per message it took: less sensitive to a busy machine than rates. */
  agentCpuUsPerMsg: number;
  plain: number | undefined;
}

/** One step: the agent and a plain subscriber take the same stream; each rate counts only if complete. */
async function step(broker: Broker, agent: Agent, prefix: string, rate: number): Promise<StepResult> {
  const count = rate > 0 ? rate * STEP_SECONDS : FULL_SPEED_COUNT;
  const topics = Array.from({ length: DEVICES }, (_, i) => tasmotaTopics(`${prefix}/plug${i}`).sensor);
  const sub = spawn(
    'mosquitto_sub',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      ...subAuth(broker.plain),
      '-q',
      String(TELEMETRY_QOS),
      '-C',
      String(count),
      ...topics.flatMap((t) => ['-t', t]),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const subExited = exited(sub);
  await sleep(1_000); // mosquitto_sub gives no "subscribed" signal; it needs a few ms
  const persisted = () => agent.readings.persisted;
  const base = persisted();
  const cpu = process.cpuUsage();
  const run = startPublisher(broker, prefix, count, rate);
  const t0 = await run.started;
  const published = await run.exited;
  const agentDone = await settled(() => persisted() - base, count);
  const received = persisted() - base;
  const used = process.cpuUsage(cpu);
  const subDone = await Promise.race([subExited, sleep(Math.max(3_000, agentDone - published + 1_000))]);
  const subComplete = sub.exitCode === 0;
  if (!subComplete) sub.kill();
  await subExited;
  const perSecond = (done: number) => Math.round(count / ((done - t0) / 1000));
  return {
    offered: rate,
    count,
    agent: received === count ? perSecond(agentDone) : undefined,
    agentReceivedPct: (received / count) * 100,
    agentCpuUsPerMsg: (used.user + used.system) / Math.max(1, received),
    plain: subComplete ? perSecond(subDone as number) : undefined,
  };
}

interface Figures {
  agentMsgsPerSec: number;
  agentCpuUsPerMsg: number;
  plainSubscriberMsgsPerSec: number;
  agentReceivedPctAtFullSpeed: number;
  rssGrowthPct: number;
  publishToKioskP99Ms: number;
  publishToKioskP50Ms: number;
  plainSubscriberP99Ms: number;
}

async function measure(broker: Broker, label: string): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), `yz-bench-ingest-${label}-`));
  const { agent, prefix } = await startAgent(broker, label, dir);
  const persisted = () => agent.readings.persisted;

  // Warm-up: JIT, SQLite pages, the broker's client buffers.
  const warm = startPublisher(broker, prefix, WARMUP, WARMUP_RATE);
  await warm.exited;
  await settled(persisted);

  const steps: StepResult[] = [];
  let failed = 0;
  for (const rate of STEPS) {
    // After two failed steps, only the plain subscriber's ceiling is left to find: go to full speed.
    if (rate !== 0 && failed >= 2) continue;
    // A step the agent fails is tried once more: on a shared machine one step can fall on someone else's burst.
    for (let attempt = 0; attempt < (rate === 0 ? 1 : 2); attempt++) {
      const r = await step(broker, agent, prefix, rate);
      steps.push(r);
      console.log(
        `[${label}] offered ${rate || 'full speed'}: agent ${r.agent ?? `incomplete (${r.agentReceivedPct.toFixed(1)}%)`} ` +
          `(${r.agentCpuUsPerMsg.toFixed(1)} µs CPU/msg), mosquitto_sub ${r.plain ?? 'incomplete'} msg/s`,
      );
      if (r.agent !== undefined) break;
      if (rate !== 0 && attempt === 1) failed++;
    }
  }
  const best = (xs: (number | undefined)[]) => Math.max(0, ...xs.filter((x): x is number => x !== undefined));

  // Memory over a long full-speed run (the agent overloaded, the broker dropping what it cannot take).
  const rss: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => rss.push({ at: performance.now(), rss: process.memoryUsage().rss }), 250);
  const flood = startPublisher(broker, prefix, Number.MAX_SAFE_INTEGER, 0);
  await flood.started;
  await sleep(RSS_RUN_SECONDS * 1000);
  flood.child.kill();
  await flood.exited;
  await settled(persisted);
  clearInterval(sampler);
  const mb = (b: number) => Math.round(b / 1e6);
  const trace = rss.filter(
    (x, i) => i === 0 || Math.floor((x.at - rss[0]!.at) / 2_000) > Math.floor((rss[i - 1]!.at - rss[0]!.at) / 2_000),
  );
  console.log(`[${label}] RSS over the full-speed run (MB, about every 2 s): ${trace.map((x) => mb(x.rss)).join(' ')}`);

  // Latency under 1,000 msg/s of background: a PIR toggles, the kiosk must show it.
  const background = startPublisher(broker, prefix, BACKGROUND_RATE * 40, BACKGROUND_RATE);
  await background.started;
  const kiosk = new WebSocket(`ws://127.0.0.1:${(agent.http.server.address() as { port: number }).port}/api/live`);
  const seen: { status: string; at: number }[] = [];
  kiosk.on('message', (data) => {
    const m = JSON.parse(data.toString()) as LiveMessage;
    if (m.type === 'device' && m.state.device === 'probe') seen.push({ status: m.state.status, at: performance.now() });
  });
  await new Promise((r) => kiosk.once('open', r));
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const device = await mqtt.connectAsync(url, { clientId: `bench-probe-${process.pid}`, ...mqttAuth(broker.devices) });
  // A device sends one small packet per reading; Nagle on the test's own socket would measure the kernel.
  (device.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  // The broker path alone, for comparison: a plain client subscribed to the probe and the background.
  const plain = await mqtt.connectAsync(url, { clientId: `bench-plain-${process.pid}`, ...mqttAuth(broker.agent) });
  const plainSeen: number[] = [];
  plain.on('message', (topic) => {
    if (topic.endsWith('_probe')) plainSeen.push(performance.now());
  });
  await plain.subscribeAsync([`zigbee2mqtt/${prefix}_probe`, `tele/${prefix}/+/SENSOR`], { qos: TELEMETRY_QOS });
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
      () => seen.length > before && seen.slice(before).some((s) => s.status === (occupied ? 'occupied' : 'clear')),
      'the kiosk update',
      5_000,
    );
    latencies.push(at - sentAt);
    const plainAt = plainSeen.find((t) => t >= sentAt);
    if (plainAt !== undefined) plainLatencies.push(plainAt - sentAt);
    await sleep(20);
  }
  console.log(
    `[${label}] kiosk latency p50 ${percentile(latencies, 50).toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(2)} ms; plain subscriber p50 ${percentile(plainLatencies, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(plainLatencies, 99).toFixed(2)} ms`,
  );
  await plain.endAsync();
  background.child.kill();
  await background.exited;
  kiosk.close();
  await device.endAsync();
  await agent.close();
  rmSync(dir, { recursive: true, force: true });

  return {
    agentMsgsPerSec: best(steps.map((s) => s.agent)),
    plainSubscriberMsgsPerSec: best(steps.map((s) => s.plain)),
    agentReceivedPctAtFullSpeed: steps.at(-1)!.agentReceivedPct,
    // Over the complete paced steps: the agent keeping up, not dropping.
    agentCpuUsPerMsg: median(
      steps.filter((s) => s.agent !== undefined && s.offered > 0).map((s) => s.agentCpuUsPerMsg),
    ),
    rssGrowthPct: growthPct(rss),
    publishToKioskP99Ms: percentile(latencies, 99),
    publishToKioskP50Ms: percentile(latencies, 50),
    plainSubscriberP99Ms: percentile(plainLatencies, 99),
  };
}

/** The agent alone under a full-speed stream from the machine's broker, for a CPU profile. */
async function profile(seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-ingest-profile-'));
  const broker: Broker = { port: MACHINE_PORT, stop: async () => {} };
  const { agent, prefix } = await startAgent(broker, 'profile', dir);
  const started = performance.now();
  const base = agent.readings.persisted;
  const mb = (b: number) => Math.round(b / 1e6);
  const memory = setInterval(() => {
    const m = process.memoryUsage();
    console.log(`rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`);
  }, 2_000);
  const flood = startPublisher(broker, prefix, Number.MAX_SAFE_INTEGER, 0);
  await flood.started;
  await sleep(seconds * 1000);
  flood.child.kill();
  await flood.exited;
  const done = await settled(() => agent.readings.persisted);
  clearInterval(memory);
  const n = agent.readings.persisted - base;
  console.log(
    `profile: ${n} readings in ${Math.round(done - started)} ms = ${Math.round(n / ((done - started) / 1000))}/s`,
  );
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-broker-'));
  const load = loadavg()[0]!.toFixed(2);
  const deployBroker = await startDeployBroker(dir);
  let deploy: Figures;
  try {
    deploy = await measure(deployBroker, 'deploy');
  } finally {
    await deployBroker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = await measure({ port: MACHINE_PORT, stop: async () => {} }, 'machine');
  const loadAfter = loadavg()[0]!.toFixed(2);

  const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  const ratio = (f: Figures) => (f.plainSubscriberMsgsPerSec > 0 ? f.agentMsgsPerSec / f.plainSubscriberMsgsPerSec : 0);
  writeResult(
    'sensor-ingest',
    {
      agentMsgsPerSec: deploy.agentMsgsPerSec,
      plainSubscriberMsgsPerSec: deploy.plainSubscriberMsgsPerSec,
      ratioToPlainSubscriber: round(ratio(deploy), 3),
      rssGrowthPct: round(deploy.rssGrowthPct),
      publishToKioskP99Ms: round(deploy.publishToKioskP99Ms, 2),
      publishToKioskP50Ms: round(deploy.publishToKioskP50Ms, 2),
      plainSubscriberP99Ms: round(deploy.plainSubscriberP99Ms, 2),
      agentReceivedPctAtFullSpeed: round(deploy.agentReceivedPctAtFullSpeed),
      agentCpuUsPerMsg: round(deploy.agentCpuUsPerMsg),
      machineAgentMsgsPerSec: machine.agentMsgsPerSec,
      machinePlainSubscriberMsgsPerSec: machine.plainSubscriberMsgsPerSec,
      machineRatioToPlainSubscriber: round(ratio(machine), 3),
      machineRssGrowthPct: round(machine.rssGrowthPct),
      machinePublishToKioskP99Ms: round(machine.publishToKioskP99Ms, 2),
      machinePublishToKioskP50Ms: round(machine.publishToKioskP50Ms, 2),
      machinePlainSubscriberP99Ms: round(machine.plainSubscriberP99Ms, 2),
      machineAgentReceivedPctAtFullSpeed: round(machine.agentReceivedPctAtFullSpeed),
      machineAgentCpuUsPerMsg: round(machine.agentCpuUsPerMsg),
    },
    `Main figures: a Mosquitto started with deploy/mosquitto/yizhan.conf (set_tcp_nodelay, accounts, the deploy ACL; ` +
      `port and file paths changed, bench accounts added); machine… figures: the machine's Mosquitto on 127.0.0.1:1883 ` +
      `(distro defaults, no nodelay). Stream: Tasmota SENSOR messages round-robin over ${DEVICES} plugs at QoS 0, one ` +
      `publisher process, offered in steps of ${STEP_SECONDS} s at ${STEPS.map((r) => r || 'full speed').join(', ')} ` +
      `msg/s (full speed: ${FULL_SPEED_COUNT} messages). At each step the agent and mosquitto_sub (-q ${TELEMETRY_QOS}, ` +
      `the same ${DEVICES} topics, to /dev/null) take the same stream; a rate counts only for a step received completely ` +
      `(agent: every reading committed to SQLite, batched every 100 ms; mosquitto_sub: -C count exited) as messages ÷ ` +
      `(last message − first publish); the best complete step is the rate. agentReceivedPctAtFullSpeed: what the agent ` +
      `got of the full-speed step (Mosquitto drops QoS 0 for a client that falls behind). A step the agent fails is ` +
      `tried twice; after two failed steps the ladder goes to full speed. agentCpuUsPerMsg: the agent process's CPU ` +
      `time per message over the complete paced steps (median). rssGrowthPct: ` +
      `${RSS_RUN_SECONDS} s at full speed, RSS every 250 ms, mean of seconds 2–5 vs the last 3 s. Latency: ` +
      `${LATENCY_SAMPLES} PIR toggles, publish to the kiosk WebSocket message, under ${BACKGROUND_RATE} msg/s background. ` +
      `${availableParallelism()} CPUs, load average ${load} before, ${loadAfter} after.`,
  );
}

if (process.argv[2] === 'publisher') await publisher();
else if (process.argv[2] === 'profile') await profile(Number(process.argv[3] ?? 10));
else await main();
