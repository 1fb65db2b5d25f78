/**
 * A hub cluster as production runs it, for fault tests: N hub processes (`pnpm hub serve`) sharing one
 * PostgreSQL schema, behind an nginx of the test's own that runs deploy/nginx/yizhan-hub.conf itself (only its
 * ports and log paths changed), and stations that sync through it with the agent's own sync client (HubSync
 * over an outbox in SQLite: its batches, retries, backoff and acks), each keeping its own visit log.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { localDayOf, type WorkerCategory } from '@yizhan/shared';
import { openStationDatabase } from '../../station-agent/src/db/open.ts';
import { EventBus } from '../../station-agent/src/event-bus.ts';
import { BundleCache } from '../../station-agent/src/store/bundle-cache.ts';
import { Outbox } from '../../station-agent/src/store/outbox.ts';
import { HubSync } from '../../station-agent/src/sync/hub-sync.ts';
import { freePort, waitForPort } from './ports.ts';
import { freshSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres.ts';
import { hubProcess, RealProcess } from './processes.ts';
import { waitFor } from './wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY_NGINX_CONF = join(ROOT, 'deploy/nginx/yizhan-hub.conf');
export const CLUSTER_ZONE = 'Asia/Shanghai';

/** Fails with what to install when nginx is missing: a missing service fails the test, it never skips it. */
export function requireNginx(): void {
  const probe = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('nginx is missing: `apt-get install -y nginx-light` (.ci/run installs it)');
  }
}

/** A fresh schema on the test server, or an error that says PostgreSQL is not there and how to get it. */
export async function requirePostgresSchema(prefix: string): Promise<TestSchema> {
  try {
    return await freshSchema(prefix);
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}); .ci/run starts it`,
    );
  }
}

export class ClusterHub {
  readonly process: RealProcess;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly configPath: string,
  ) {
    this.process = hubProcess(configPath);
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Until it answers `/healthz`: started, migrated (or found nothing to migrate) and listening. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.process.running) throw new Error(`${this.name} exited: ${this.process.log().slice(-1500)}`);
        return fetch(`${this.url}/healthz`).then(
          (res) => res.ok,
          () => false,
        );
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} to answer /healthz` },
    );
  }
}

/** Writes one hub.yaml per process on the same database and makes the processes (not started yet). */
export async function clusterHubs(
  dir: string,
  databaseUrl: string,
  count: number,
  live: { offlineAfterSeconds: number; checkSeconds: number },
  poolSize = 4,
): Promise<ClusterHub[]> {
  const hubs: ClusterHub[] = [];
  for (let i = 1; i <= count; i++) {
    const port = await freePort();
    const configPath = join(dir, `hub-${i}.yaml`);
    // JSON is YAML: no quoting to get wrong in the URL.
    const config = {
      listen: { host: '127.0.0.1', port },
      database: { engine: 'postgres', url: databaseUrl, poolSize },
      timezone: CLUSTER_ZONE,
      live,
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    hubs.push(new ClusterHub(`hub-${i}`, port, configPath));
  }
  return hubs;
}

/** Runs a hub admin command (`pnpm hub add-operator …`) as its own process and returns what it printed. */
export async function hubCommand(configPath: string, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'hub/src/main.ts', ...args, '--config', configPath],
    { cwd: ROOT, timeout: 60_000 },
  );
  return stdout.trim();
}

/** A request as nginx logged it: which station (by its token), and every hub it was tried on, in order. */
export interface BalancedRequest {
  station: string | undefined;
  method: string;
  path: string;
  status: number;
  /** Ports of the hubs nginx tried, the one that answered last. */
  upstreamPorts: number[];
}

export class Balancer {
  private constructor(
    readonly process: RealProcess,
    readonly port: number,
    private readonly accessLog: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * nginx running deploy/nginx/yizhan-hub.conf in `dir`, its upstream the given hubs. `stationOfToken` names
   * the station of each bearer token in the access log (the token itself is never logged).
   */
  static async start(dir: string, hubs: readonly ClusterHub[], stationOfToken: ReadonlyMap<string, string>) {
    requireNginx();
    const port = await freePort();
    // Worker processes run as an unprivileged user when nginx starts as root: they must reach the temp folders.
    chmodSync(dir, 0o755);
    const site = siteForTest(readFileSync(DEPLOY_NGINX_CONF, 'utf8'), dir, port, hubs);
    writeFileSync(join(dir, 'yizhan-hub.conf'), site);
    const tokens = [...stationOfToken].map(([token, station]) => `    "Bearer ${token}" ${station};`).join('\n');
    const main = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log notice;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/nginx-body;
  proxy_temp_path ${dir}/nginx-proxy;
  fastcgi_temp_path ${dir}/nginx-fastcgi;
  uwsgi_temp_path ${dir}/nginx-uwsgi;
  scgi_temp_path ${dir}/nginx-scgi;
  # Station tokens are long keys.
  map_hash_bucket_size 256;
  map $http_authorization $yizhan_station {
    default -;
${tokens}
  }
  log_format cluster_test '$yizhan_station $request_method $uri $status "$upstream_addr"';
  include ${dir}/yizhan-hub.conf;
}
`;
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, main);
    const check = spawnSync('nginx', ['-t', '-q', '-c', conf, '-p', `${dir}/`], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx refuses the config: ${check.stderr}`);
    const proc = new RealProcess('nginx', 'nginx', ['-c', conf, '-p', `${dir}/`]);
    proc.start();
    await waitForPort(port);
    return new Balancer(proc, port, join(dir, 'access.log'));
  }

  /** Kills nginx outright (its master and workers), leaves it down for `downMs`, and starts it again on the same port. */
  async crash(downMs: number): Promise<void> {
    // An orphaned worker would go on serving on the port: the workers go first, by their ids.
    for (const pid of this.workers()) process.kill(pid, 'SIGKILL');
    await this.process.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.process.start();
    await waitForPort(this.port);
  }

  /** Stops nginx for good, and any worker its master leaves behind when it is killed after its grace time. */
  async stop(): Promise<void> {
    const workers = this.workers();
    await this.process.stop();
    for (const pid of workers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone with its master, as it should be.
      }
    }
  }

  private workers(): number[] {
    const found = spawnSync('pgrep', ['-P', String(this.process.pid)], { encoding: 'utf8' }).stdout;
    return found
      .split('\n')
      .filter((line) => line !== '')
      .map(Number);
  }

  requests(): BalancedRequest[] {
    let text: string;
    try {
      text = readFileSync(this.accessLog, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const match = /^(\S+) (\S+) (\S+) (\d+) "([^"]*)"$/.exec(line);
        if (!match) throw new Error(`unexpected access log line: ${line}`);
        const [, station, method, path, status, upstreams] = match as unknown as string[];
        return {
          station: station === '-' ? undefined : station,
          method: method!,
          path: path!,
          status: Number(status),
          // "127.0.0.1:8701, 127.0.0.1:8702" after a retry; "-" when no upstream was tried.
          upstreamPorts: [...upstreams!.matchAll(/:(\d+)/g)].map((m) => Number(m[1])),
        };
      });
  }
}

/** The deploy file with the test's hubs, port and log paths; fails if the file no longer has those lines. */
function siteForTest(site: string, dir: string, port: number, hubs: readonly ClusterHub[]): string {
  const replace = (text: string, pattern: RegExp, by: (found: string) => string, what: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx/yizhan-hub.conf has no ${what} line any more`);
    return text.replace(pattern, by);
  };
  let out = replace(
    site,
    /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n(?:\s*server 127\.0\.0\.1:\d+[^;]*;\n)*/m,
    (found) => {
      const [, indent, params] = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;/.exec(found)!;
      return hubs.map((hub) => `${indent}server 127.0.0.1:${hub.port}${params ?? ''};\n`).join('');
    },
    'upstream server',
  );
  out = replace(out, /^\s*listen \[::\]:80;\n/m, () => '', 'IPv6 listen');
  out = replace(
    out,
    /^(\s*)listen 80;/m,
    (found) => found.replace('listen 80;', `listen 127.0.0.1:${port};`),
    'listen',
  );
  out = replace(out, /access_log [^;]+;/, () => `access_log ${dir}/access.log cluster_test;`, 'access_log');
  return replace(out, /error_log [^;]+;/, () => `error_log ${dir}/nginx-error.log;`, 'error_log');
}

export interface LoggedVisit {
  visitId: string;
  category: WorkerCategory;
  method: 'code' | 'walk-in';
  at: string;
  /** The local day in the hub's zone, as the hub counts it. */
  day: string;
}

/**
 * A station as the hub sees it: the agent's outbox and sync client on a SQLite file of its own, and its own
 * log of the visits it recorded. A visit and its outbox events are written in one transaction, as at the door.
 */
export class SyncingStation {
  readonly visits: LoggedVisit[] = [];
  /** The sync client's warnings: each is a failed round it will retry with backoff. */
  readonly retries: object[] = [];
  private readonly db;
  private readonly outbox: Outbox;
  private readonly sync: HubSync;
  private readonly dayOf = localDayOf(CLUSTER_ZONE);
  private visitCount = 0;

  constructor(
    readonly id: string,
    dir: string,
    hubUrl: string,
    token: string,
  ) {
    this.db = openStationDatabase(join(dir, `${id}.db`));
    // The outbox nudges the sync through the bus, as in the agent.
    const bus = new EventBus();
    this.outbox = new Outbox(this.db, (type) => bus.emit('outbox', type));
    this.sync = new HubSync({
      // As a station's config would have it, with a shorter interval: the run is a minute long.
      hub: { url: hubUrl, token, syncIntervalSeconds: 1, bundleIntervalSeconds: 3600, batchSize: 100 },
      stationId: id,
      outbox: this.outbox,
      bundle: new BundleCache(this.db),
      bus,
      log: { info: () => undefined, warn: (fields) => this.retries.push(fields), error: () => undefined },
      now: Date.now,
    });
  }

  get epoch(): string {
    return this.outbox.epoch;
  }

  /** The last seq the station has appended (the outbox counts 1, 2, 3…). */
  get lastSeq(): number {
    return this.db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get()!;
  }

  get pending(): number {
    return this.outbox.pendingCount();
  }

  start(): void {
    this.sync.start();
  }

  async stop(): Promise<void> {
    await this.sync.stop();
    this.db.close();
  }

  /** A worker comes in at `at`; most visits also end (same batch or a later one). */
  visit(category: WorkerCategory, method: 'code' | 'walk-in', at: Date, ends: boolean): void {
    const visitId = `${this.id}-v${++this.visitCount}`;
    this.db.transaction(() => {
      this.outbox.append('visit.started', at, {
        visitId,
        method,
        category,
        ...(method === 'code' ? { member: `m-${this.id}-${this.visitCount % 7}` } : {}),
      });
      if (ends) {
        const endedAt = new Date(Math.min(at.getTime() + 20 * 60_000, Date.now()));
        this.outbox.append('visit.ended', endedAt, { visitId, reason: 'empty' });
      }
    })();
    this.visits.push({ visitId, category, method, at: at.toISOString(), day: this.dayOf(at.getTime()) });
    this.sync.nudge();
  }

  occupancy(inside: number): void {
    this.db.transaction(() => this.outbox.append('occupancy.sample', new Date(), { inside, capacity: 20 }))();
    this.sync.nudge();
  }

  heartbeat(uptimeSeconds: number): void {
    this.db.transaction(() => this.outbox.append('heartbeat', new Date(), { uptimeSeconds }))();
    this.sync.nudge();
  }
}
