/**
 * Wires a station agent from its config. Builds everything, starts nothing: `start()` connects
 * the broker and the hub, `listen` is main's job, `close()` undoes all of it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { agentTopics, type DoorResult, type StationInfo } from '@yizhan/shared';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AgentConfig } from './config.ts';
import { type Db, openStationDatabase } from './db/open.ts';
import { StationDevices } from './devices/station-devices.ts';
import { Door } from './door/door.ts';
import { lockSetup, unlockCommand } from './door/lock.ts';
import { VisitLog } from './door/visit-log.ts';
import { AgentError } from './errors.ts';
import { EventBus } from './event-bus.ts';
import { AgentMetrics } from './metrics.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './mqtt/embedded-broker.ts';
import { MqttLink } from './mqtt/link.ts';
import { kioskApi } from './routes/kiosk-api.ts';
import { liveRoute } from './routes/live.ts';
import { BundleCache } from './store/bundle-cache.ts';
import { Outbox } from './store/outbox.ts';
import { HubSync } from './sync/hub-sync.ts';

export interface AgentDeps {
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  /** The built kiosk (kiosk-ui/dist); without it the agent serves only its API. */
  kioskDir?: string;
  logger?: FastifyServerOptions['logger'];
}

export interface Agent {
  readonly config: AgentConfig;
  readonly stationInfo: StationInfo;
  readonly http: FastifyInstance;
  readonly db: Db;
  readonly bus: EventBus;
  readonly outbox: Outbox;
  readonly bundle: BundleCache;
  readonly visitLog: VisitLog;
  readonly devices: StationDevices;
  readonly door: Door;
  readonly metrics: AgentMetrics;
  readonly sync: HubSync | undefined;
  /** Resolves once the broker link is up (and the embedded broker, if any, is listening). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function buildAgent(config: AgentConfig, deps: AgentDeps = {}): Promise<Agent> {
  const now = deps.now ?? Date.now;
  const { station } = config;
  const topics = agentTopics(station.id);
  const db = openStationDatabase(join(config.dataDir, 'station.db'));
  const http = Fastify({ logger: deps.logger ?? false, bodyLimit: 64 * 1024 });
  const log = http.log;

  const bus = new EventBus();
  const metrics = new AgentMetrics();
  const outbox = new Outbox(db);
  const bundle = new BundleCache(db);
  const visitLog = new VisitLog(db, outbox);
  const stationInfo: StationInfo = {
    id: station.id,
    name: station.name,
    district: station.district,
    capacity: station.capacity,
  };

  let broker: EmbeddedBroker | undefined;
  const link = new MqttLink({
    url: config.mqtt.url ?? `mqtt://127.0.0.1:${config.mqtt.embeddedPort}`,
    // Unique per process: two agents never kick each other off the broker.
    clientId: `yizhan-agent-${station.id}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    username: config.mqtt.username,
    password: config.mqtt.password,
    status: { topic: topics.status, online: 'online', offline: 'offline' },
    log,
  });

  const sync = config.hub
    ? new HubSync({ hub: config.hub, stationId: station.id, outbox, bundle, log, now })
    : undefined;

  const recordSession = db.transaction((device: string, startedAt: Date, endedAt: Date) => {
    const seconds = (endedAt.getTime() - startedAt.getTime()) / 1000;
    db.prepare('INSERT INTO appliance_sessions (device, started_at, ended_at, seconds) VALUES (?, ?, ?, ?)').run(
      device,
      startedAt.toISOString(),
      endedAt.toISOString(),
      seconds,
    );
    outbox.append('appliance.session', endedAt, {
      device,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      seconds,
    });
  });

  const devices = new StationDevices(
    config.devices,
    {
      changed(state) {
        link.publish(topics.state(state.device), JSON.stringify(state), { retain: true }).catch((err: Error) => {
          log.warn(`state of ${state.device} not published: ${err.message}`);
        });
        bus.emit('device', state);
      },
      sessionEnded(device, startedAt, endedAt) {
        recordSession(device, startedAt, endedAt);
        sync?.nudge();
      },
      rejected(device, topic, message) {
        metrics.rejected(message.reason);
        log.warn(`rejected payload from ${device} on ${topic}: ${message.reason} (${message.detail})`);
      },
    },
    now,
  );

  let lockRequests = 0;
  const lock = config.door?.lock;
  const door = new Door({
    visitLog,
    bundle,
    now,
    async unlock() {
      if (!lock) return;
      const command = unlockCommand(lock, ++lockRequests, `yizhan-${station.id}`);
      await link.publish(command.topic, command.payload);
    },
    announce(result: DoorResult) {
      link.publish(topics.doorResult, JSON.stringify(result)).catch((err: Error) => {
        log.warn(`door result not published: ${err.message}`);
      });
      bus.emit('door', result);
      sync?.nudge();
    },
  });

  for (const { topic, device } of devices.subscriptions()) {
    link.subscribe(topic, (t, payload) => {
      metrics.messageIn();
      devices.handle(device, t, payload);
    });
  }
  const setup = lock ? lockSetup(lock) : { commands: [] };
  const configureLock = async () => {
    for (const c of setup.commands) await link.publish(c.topic, c.payload);
  };
  if (setup.whenOnline) {
    link.subscribe(setup.whenOnline, (_t, payload) => {
      if (payload.toString() === 'Online')
        configureLock().catch((err: Error) => log.warn(`lock setup: ${err.message}`));
    });
  }
  link.subscribe(config.door?.scanTopic ?? topics.doorScan, (_t, payload) => {
    door.scan(payload).catch((err: Error) => log.error(`scan failed: ${err.message}`));
  });

  let closed = false;
  const agent: Agent = {
    config,
    stationInfo,
    http,
    db,
    bus,
    outbox,
    bundle,
    visitLog,
    devices,
    door,
    metrics,
    sync,
    async start() {
      if (!config.mqtt.url) broker = await startEmbeddedBroker({ port: config.mqtt.embeddedPort });
      await link.start();
      await configureLock();
      sync?.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      await sync?.stop();
      devices.stop();
      await http.close();
      await link.stop();
      await broker?.close();
      db.close();
    },
  };
  await http.register(fastifyWebsocket);
  http.setErrorHandler((err, _req, reply) => {
    if (err instanceof AgentError && err.status < 500) {
      return reply.code(err.status).send({ error: err.code, message: err.message });
    }
    // Fastify's own client errors (bad JSON, body too large) keep their status and message.
    const { statusCode, message } = err as { statusCode?: number; message?: string };
    if (statusCode && statusCode < 500) return reply.code(statusCode).send({ error: 'YZ_ERR_BAD_REQUEST', message });
    log.error(err);
    return reply.code(500).send({ error: 'YZ_ERR_INTERNAL', message: 'internal error' });
  });
  http.get('/healthz', async () => ({ ok: true, mqtt: link.connected, pendingEvents: outbox.pendingCount() }));
  http.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(metrics.render({ mqttConnected: link.connected })),
  );
  await http.register(kioskApi(agent));
  await http.register(liveRoute(agent));
  const kioskDir = deps.kioskDir;
  if (kioskDir && existsSync(join(kioskDir, 'index.html'))) {
    await http.register(fastifyStatic, { root: kioskDir, index: 'index.html' });
  } else {
    http.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send('The kiosk is not built: run `pnpm --filter @yizhan/kiosk-ui build`.'),
    );
  }

  return agent;
}
