/**
 * One station run for fault scenarios: a hub in this process, a broker (the embedded aedes, or a
 * Mosquitto process that can be killed), and the station agent as a real process that can be killed,
 * paused, restarted and have its clock jumped. The lock is a generic-JSON relay whose commands name
 * the visit, so every unlock can be traced to the visit log.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { agentTopics } from '@yizhan/shared';
import { type EmbeddedBroker, startEmbeddedBroker } from '@yizhan/station-agent';
import Database from 'better-sqlite3';
import {
  countMismatch,
  integrityBreaks,
  type StationVisit,
  unlockWithoutVisit,
  visitsLostOrDoubled,
} from './invariants.ts';
import { MqttProbe } from './mqtt-probe.ts';
import { freePort } from './ports.ts';
import { agentProcess, hubProcess, mosquittoProcess, type RealProcess } from './processes.ts';
import { TcpProxy } from './tcp-proxy.ts';
import { waitFor } from './wait.ts';

export interface StationRunOptions {
  broker: 'embedded' | 'mosquitto';
  /** Where the station keeps its SQLite file (e.g. a tiny filesystem); default a temp folder. */
  dataDir?: string;
  /** Run the agent with a jumpable wall clock. */
  jumpableClock?: boolean;
  /** Put a TCP proxy between the agent and the hub, to cut and delay that link. */
  hubLinkProxy?: boolean;
  /** Run the hub as a real process (`pnpm hub serve`), so that it too can be killed with SIGKILL. */
  hubProcess?: boolean;
}

export class StationRun {
  readonly stationId = `run-${Math.random().toString(36).slice(2, 8)}`;
  readonly topics = agentTopics(this.stationId);
  readonly lockTopic = `run/${this.stationId}/lock`;
  /** Faults injected so far, by kind: the figures of docs/RELIABILITY.md. */
  readonly faults: Record<string, number> = {};
  hub: HubApp | undefined;
  agent!: RealProcess;
  probe!: MqttProbe;
  brokerUrl = '';
  /** The agent's kiosk API, e.g. for walk-ins. */
  agentUrl = '';
  /** When the hub (process or in-process) last started, as ISO text. */
  private hubStartedAt = '';
  /** The station's devices, as the simulator plays them. */
  readonly devices = [
    { id: 'microwave', kind: 'appliance', source: { format: 'tasmota', topic: `${this.stationId}_microwave` } },
    { id: 'kettle', kind: 'appliance', source: { format: 'tasmota', topic: `${this.stationId}_kettle` } },
    {
      id: 'rest-area',
      kind: 'presence',
      source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${this.stationId}_pir` },
    },
    { id: 'fridge', kind: 'fridge', source: { format: 'zigbee2mqtt', topic: `zigbee2mqtt/${this.stationId}_fridge` } },
  ];
  private embedded: EmbeddedBroker | undefined;
  private mosquitto: RealProcess | undefined;
  private hubPort = 0;
  /** The hub as a real process, when asked for (`hubProcess`). */
  hubProc: RealProcess | undefined;
  /** Between the agent and the hub, when asked for. */
  hubLink: TcpProxy | undefined;
  private configPath = '';

  private constructor(
    readonly dir: string,
    readonly stationDir: string,
  ) {}

  get stationDb(): string {
    return join(this.stationDir, 'station.db');
  }

  get hubDb(): string {
    return join(this.dir, 'hub.db');
  }

  static async start(options: StationRunOptions): Promise<StationRun> {
    const dir = mkdtempSync(join(tmpdir(), 'yz-run-'));
    const run = new StationRun(dir, options.dataDir ?? join(dir, 'station'));
    if (options.broker === 'embedded') {
      run.embedded = await startEmbeddedBroker({ port: 0 });
      run.brokerUrl = run.embedded.url;
    } else {
      const m = await mosquittoProcess(dir);
      run.mosquitto = m.process;
      run.brokerUrl = m.url;
    }
    run.hubPort = await freePort();
    await run.startHub();
    const { token } = await run.hub!.admin.ensureStation({
      id: run.stationId,
      name: '三胞广场工会驿站',
      district: '泉山区',
      capacity: 20,
    });
    if (options.hubProcess) {
      // Registered in-process on the same file; from here on the hub is a process of its own.
      await run.stopHub();
      const hubConfig = join(dir, 'hub.yaml');
      // JSON is YAML. Phone posts come from this one address in bursts: its limit is out of the way.
      writeFileSync(
        hubConfig,
        JSON.stringify({
          listen: { host: '127.0.0.1', port: run.hubPort },
          database: run.hubDb,
          phone: { perMemberPerMinute: 1000, perAddressPerMinute: 1_000_000 },
        }),
      );
      run.hubProc = hubProcess(hubConfig);
      await run.startHub();
    }
    if (options.hubLinkProxy) run.hubLink = await TcpProxy.start({ port: run.hubPort });
    const hubPort = run.hubLink?.port ?? run.hubPort;
    const configPath = join(dir, 'station.yaml');
    const httpPort = await freePort();
    run.agentUrl = `http://127.0.0.1:${httpPort}`;
    const [microwave, kettle, pir, fridge] = run.devices;
    writeFileSync(
      configPath,
      [
        `station: { id: ${run.stationId}, name: 三胞广场工会驿站, district: 泉山区, capacity: 20 }`,
        `hub: { url: "http://127.0.0.1:${hubPort}", token: "${token}", syncIntervalSeconds: 0.2 }`,
        `mqtt: { url: "${run.brokerUrl}" }`,
        `http: { host: 127.0.0.1, port: ${httpPort} }`,
        `dataDir: ${run.stationDir}`,
        `door: { lock: { format: generic-json, topic: "${run.lockTopic}", openSeconds: 5 } }`,
        // Scenarios play days in seconds: walk-ins come far faster than at a real door.
        'visits: { walkInsPerMinute: 6000 }',
        'devices:',
        `  - { id: microwave, kind: appliance, source: { format: tasmota, topic: "${microwave!.source.topic}" }, inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 } }`,
        `  - { id: kettle, kind: appliance, source: { format: tasmota, topic: "${kettle!.source.topic}" }, inUse: { aboveWatts: 300, belowWatts: 20, forSeconds: 5 } }`,
        `  - { id: rest-area, kind: presence, source: { format: zigbee2mqtt, topic: "${pir!.source.topic}" } }`,
        `  - { id: fridge, kind: fridge, source: { format: zigbee2mqtt, topic: "${fridge!.source.topic}" }, alarm: { aboveCelsius: 8, forMinutes: 10 } }`,
      ].join('\n'),
    );
    run.configPath = configPath;
    run.agent = agentProcess(configPath, options.jumpableClock ? { clockFile: join(dir, 'agent-clock') } : {});
    run.probe = await MqttProbe.connect(run.brokerUrl, [run.lockTopic, run.topics.status, run.topics.doorResult], {
      reconnect: true,
    });
    return run;
  }

  /** A second agent misconfigured with this station's id: its own database and port, same broker and hub. */
  async twinAgent(): Promise<{ process: RealProcess; stationDb: string }> {
    const twinDir = join(this.dir, 'twin');
    const config = readFileSync(this.configPath, 'utf8')
      .replace(/^dataDir: .*$/m, `dataDir: ${twinDir}`)
      .replace(/port: \d+ }$/m, `port: ${await freePort()} }`);
    const path = join(this.dir, 'twin.yaml');
    writeFileSync(path, config);
    return { process: agentProcess(path), stationDb: join(twinDir, 'station.db') };
  }

  count(fault: string): void {
    this.faults[fault] = (this.faults[fault] ?? 0) + 1;
  }

  get hubUrl(): string {
    return `http://127.0.0.1:${this.hubPort}`;
  }

  /** Starts the hub on its fixed port (again, after `stopHub` or `killHub`). */
  async startHub(): Promise<void> {
    this.hubStartedAt = new Date().toISOString();
    if (this.hubProc) {
      this.hubProc.start();
      await waitFor(
        () =>
          fetch(`${this.hubUrl}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        {
          timeoutMs: 30_000,
          intervalMs: 100,
          what: `the hub to answer (log: ${this.hubProc.log().slice(-400)})`,
        },
      );
      return;
    }
    this.hub = await buildHub(
      parseHubConfig({
        database: this.hubDb,
        listen: { port: this.hubPort },
        phone: { perMemberPerMinute: 1000, perAddressPerMinute: 1_000_000 },
      }),
    );
    await this.hub.listen({ host: '127.0.0.1', port: this.hubPort });
  }

  async stopHub(): Promise<void> {
    await this.hubProc?.stop();
    await this.hub?.close();
    this.hub = undefined;
  }

  /** The hub process dies at once: no close, no goodbye to its stations. */
  async killHub(): Promise<void> {
    if (!this.hubProc) throw new Error('only a hub process can be killed');
    await this.hubProc.kill('SIGKILL');
    this.count('hub killed');
  }

  /**
   * Whether the hub holds this station's live channel now, read from the hub's file. Only a connection made
   * since the hub last started counts: a killed hub's row stays alive until its lease runs out.
   */
  channelUp(): boolean {
    const db = new Database(this.hubDb, { readonly: true });
    try {
      return (
        db
          .prepare(
            `SELECT 1 FROM station_channels c JOIN channel_holders h ON h.holder = c.holder
             WHERE c.station_id = ? AND h.alive_until > ? AND c.connected_at >= ?`,
          )
          .get(this.stationId, new Date().toISOString(), this.hubStartedAt) !== undefined
      );
    } finally {
      db.close();
    }
  }

  /** Starts the agent and waits until it is online with a bundle (so it can check codes). */
  async startAgent(): Promise<void> {
    const onlineBefore = this.onlineCount();
    this.agent.start();
    await waitFor(() => this.onlineCount() > onlineBefore, {
      timeoutMs: 30_000,
      what: `the agent to come online (log: ${this.agent.log().slice(-400)})`,
    });
    await waitFor(() => this.readStation((db) => db.prepare('SELECT 1 FROM bundle').get()), {
      timeoutMs: 15_000,
      what: 'the first bundle',
    });
  }

  async killBroker(): Promise<void> {
    if (!this.mosquitto) throw new Error('only a Mosquitto process can be killed');
    await this.mosquitto.kill('SIGKILL');
    this.count('broker killed');
  }

  startBroker(): void {
    this.mosquitto?.start();
  }

  /** Publishes a scanned code as the door scanner does (queued by the client while the broker is away). */
  scan(code: string): void {
    this.probe.client.publish(this.topics.doorScan, code, { qos: 1 });
  }

  unlockedVisitIds(): string[] {
    return this.probe.on(this.lockTopic).map((m) => (JSON.parse(m.payload) as { visitId: string }).visitId);
  }

  /** Reads the station's file from outside while the agent may be running; undefined before it exists. */
  readStation<T>(read: (db: Database.Database) => T): T | undefined {
    let db: Database.Database;
    try {
      db = new Database(this.stationDb, { readonly: true, fileMustExist: true });
    } catch {
      return undefined;
    }
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  pendingEvents(): number | undefined {
    return this.readStation(
      (db) => (db.prepare('SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL').get() as { n: number }).n,
    );
  }

  /** Waits until the lock has gone quiet and the outbox is fully acked by the hub. */
  async settle(timeoutMs = 30_000): Promise<void> {
    let seen = -1;
    await waitFor(
      () => {
        const unlocks = this.probe.on(this.lockTopic).length;
        const quiet = unlocks === seen;
        seen = unlocks;
        return quiet && this.pendingEvents() === 0;
      },
      { timeoutMs, intervalMs: 300, what: 'the station to settle and sync everything' },
    );
  }

  stationVisits(): StationVisit[] {
    return this.readStation((db) => db.prepare('SELECT id, method FROM visits').all() as StationVisit[]) ?? [];
  }

  hubVisitIds(): string[] {
    const db = new Database(this.hubDb, { readonly: true });
    try {
      return (
        db
          .prepare(
            "SELECT json_extract(body, '$.visitId') AS id FROM events WHERE station_id = ? AND type = 'visit.started'",
          )
          .all(this.stationId) as { id: string }[]
      ).map((r) => r.id);
    } finally {
      db.close();
    }
  }

  hubVisitCount(): number {
    const db = new Database(this.hubDb, { readonly: true });
    try {
      return (
        db
          .prepare('SELECT coalesce(sum(count), 0) AS n FROM daily_visits WHERE station_id = ?')
          .get(this.stationId) as {
          n: number;
        }
      ).n;
    } finally {
      db.close();
    }
  }

  /** Every invariant of docs/RELIABILITY.md over what this run left behind; empty when all held. */
  breaks(): string[] {
    const visits = this.stationVisits();
    const hubIds = this.hubVisitIds();
    return [
      ...unlockWithoutVisit(this.unlockedVisitIds(), visits),
      ...visitsLostOrDoubled(
        visits.map((v) => v.id),
        hubIds,
      ),
      ...countMismatch(this.hubVisitCount(), hubIds),
      ...integrityBreaks(this.stationDb),
      ...integrityBreaks(this.hubDb),
    ];
  }

  onlineCount(): number {
    return this.probe.on(this.topics.status).filter((m) => m.payload === 'online').length;
  }

  async close(): Promise<void> {
    await this.agent?.stop();
    await this.probe?.close();
    await this.stopHub();
    await this.hubLink?.close();
    await this.embedded?.close();
    await this.mosquitto?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
