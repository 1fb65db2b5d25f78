/**
 * Wires a station agent from its config. Builds everything, starts nothing: `start()` connects
 * the broker and the hub, `listen` is main's job, `close()` undoes all of it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { agentTopics, type DoorResult, type StationInfo, TokenBucket } from '@yizhan/shared';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AlarmRules } from './alarms/alarm-rules.ts';
import type { AgentConfig } from './config.ts';
import { type Db, openStationDatabase } from './db/open.ts';
import { OccupancyEstimator } from './derived/occupancy.ts';
import { type ServiceAvailability, serviceAvailability } from './derived/service-availability.ts';
import { RejectionLog } from './devices/rejection-log.ts';
import { StatePublisher } from './devices/state-publisher.ts';
import { StationDevices, stationDeviceConfigs } from './devices/station-devices.ts';
import { Door } from './door/door.ts';
import { DoorWatch } from './door/door-watch.ts';
import { lockAnswerTopics, lockSetup, readLockAnswer, unlockCommand } from './door/lock.ts';
import { VisitEnds } from './door/visit-ends.ts';
import { VisitLog } from './door/visit-log.ts';
import { AgentError } from './errors.ts';
import { EventBus } from './event-bus.ts';
import { AgentMetrics } from './metrics.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './mqtt/embedded-broker.ts';
import { MqttLink } from './mqtt/link.ts';
import { feedbackRoute } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { kioskApi } from './routes/kiosk-api.ts';
import { KioskContentFeed, kioskContentRoutes } from './routes/kiosk-content.ts';
import { liveRoute } from './routes/live.ts';
import { type Claim, StationClaim } from './station-claim.ts';
import { AlarmStore } from './store/alarm-store.ts';
import { BundleCache } from './store/bundle-cache.ts';
import { DeviceFacts } from './store/device-facts.ts';
import { OccupancyStore } from './store/occupancy-store.ts';
import { Outbox } from './store/outbox.ts';
import { ReadingStore } from './store/readings.ts';
import { HubSync } from './sync/hub-sync.ts';

export interface AgentDeps {
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  /** The built kiosk (kiosk-ui/dist); without it the agent serves only its API. */
  kioskDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Another agent runs this station: this one has closed itself (main exits with an error). */
  conflict?(other: Claim): void;
}

export interface Agent {
  readonly config: AgentConfig;
  readonly stationInfo: StationInfo;
  readonly http: FastifyInstance;
  readonly db: Db;
  readonly bus: EventBus;
  readonly outbox: Outbox;
  readonly bundle: BundleCache;
  /** What the kiosk shows from the config and the bundle; `bundleChanged()` pushes it to open kiosks. */
  readonly kioskContent: KioskContentFeed;
  readonly visitLog: VisitLog;
  readonly devices: StationDevices;
  readonly door: Door;
  readonly doorWatch: DoorWatch;
  /** Ends visits nobody scanned out of; `occupancy(inside)` is its hook for the occupancy estimate. */
  readonly visitEnds: VisitEnds;
  readonly metrics: AgentMetrics;
  readonly readings: ReadingStore;
  readonly deviceFacts: DeviceFacts;
  /** People inside, from counters, PIR zones and seats; `changed` goes out as the bus's `occupancy`. */
  readonly occupancy: OccupancyEstimator;
  readonly alarms: AlarmRules;
  /** Whether each service with a device (water, microwave, fridge…) works right now. */
  services(): ServiceAvailability[];
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
  // Closing cuts kept-alive kiosk connections too, so a restart never waits for their timeout.
  const http = Fastify({ logger: deps.logger ?? false, bodyLimit: 64 * 1024, forceCloseConnections: true });
  const log = http.log;

  const bus = new EventBus();
  const metrics = new AgentMetrics();
  const outbox = new Outbox(db);
  const bundle = new BundleCache(db);
  const kioskContent = new KioskContentFeed(config, bundle, now);
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

  // Declared here, assigned below: the claim closes the agent it belongs to.
  let agent: Agent | undefined;
  const claim = new StationClaim({
    epoch: outbox.epoch,
    now,
    publish: (c) => link.publish(topics.claim, JSON.stringify(c), { retain: true }),
    conflict(other) {
      log.error(
        `another agent (database ${other.epoch}, started ${new Date(other.startedAt).toISOString()}) runs station ` +
          `${station.id} on this broker: this agent gives way and stops; check the station id in its config`,
      );
      deps.conflict?.(other);
      void agent?.close();
    },
  });
  link.subscribe(topics.claim, (_t, payload) => claim.seen(payload));

  const sync = config.hub
    ? new HubSync({
        hub: config.hub,
        stationId: station.id,
        outbox,
        bundle,
        log,
        now,
        onBundle: () => kioskContent.bundleChanged(),
      })
    : undefined;

  // Readings get their own connection without an fsync per commit: a power cut may lose the last
  // second of readings, never a visit (the main connection keeps synchronous=FULL).
  const readingsDb = openStationDatabase(join(config.dataDir, 'station.db'));
  readingsDb.pragma('synchronous = NORMAL');
  // A full disk fails every flush (ten a second): say it once a minute.
  const readingsFailed = onceAMinute((m) => log.error(m));
  const readings = new ReadingStore(readingsDb, config.retention, now, (error) =>
    readingsFailed(`readings cannot be written (kept in memory, then dropped): ${error.message}`),
  );
  const deviceFacts = new DeviceFacts(db, outbox);
  const rejectionLog = new RejectionLog(log, now);
  const statePublisher = new StatePublisher((state) => {
    link.publish(topics.state(state.device), JSON.stringify(state), { retain: true }).catch((err: Error) => {
      log.warn(`state of ${state.device} not published: ${err.message}`);
    });
    bus.emit('device', state);
  }, now);
  const devices = new StationDevices(
    stationDeviceConfigs(config),
    {
      changed(state, urgent) {
        statePublisher.offer(state, urgent);
        occupancy.observe(state);
        alarms.deviceChanged(state.device);
      },
      reading: (device, values, at) => readings.add(device, values, at),
      sessionEnded(device, startedAt, endedAt) {
        deviceFacts.session(device, startedAt, endedAt);
        sync?.nudge();
      },
      availability(device, online, at) {
        if (deviceFacts.availability(device, online, new Date(at))) sync?.nudge();
      },
      rejected(device, topic, message) {
        metrics.rejected(message.reason);
        rejectionLog.note(device, topic, message);
      },
    },
    now,
  );
  const roles = devices.configs();
  // On the readings connection (no fsync per commit): a power cut may lose the last change, never a visit.
  const occupancyFailed = onceAMinute((m) => log.error(m));
  const occupancyWriteFailed = onceAMinute((m) => log.error(m));
  const occupancyStore = new OccupancyStore(readingsDb, (error) =>
    occupancyFailed(`the occupancy estimate cannot be kept for a restart: ${error.message}`),
  );
  const occupancy = new OccupancyEstimator(
    {
      capacity: station.capacity,
      maxInside: config.occupancy.maxInside ?? station.capacity * 2,
      quietMs: config.occupancy.quietMinutes * 60_000,
      zoneTimeoutMs: config.occupancy.zoneTimeoutSeconds * 1000,
      sampleMs: config.occupancy.sampleMinutes * 60_000,
    },
    {
      counters: roles.filter((d) => d.kind === 'people-counter').map((d) => d.id),
      zones: roles.filter((d) => d.kind === 'presence' && d.occupancyRole === 'zone').map((d) => d.id),
      seats: roles.filter((d) => d.kind === 'presence' && d.occupancyRole === 'seat').map((d) => d.id),
    },
    {
      changed(o) {
        link.publish(topics.occupancy, JSON.stringify(o), { retain: true }).catch((err: Error) => {
          log.warn(`occupancy not published: ${err.message}`);
        });
        bus.emit('occupancy', o);
        // Reached from the estimator's timer too: a write that fails (a full disk) is reported, not thrown there.
        try {
          visitEnds.occupancy(o.inside);
        } catch (error) {
          occupancyWriteFailed(`visits could not be ended on an empty station: ${(error as Error).message}`);
        }
        alarms.occupancyChanged();
      },
      sample(o) {
        try {
          outbox.append('occupancy.sample', new Date(o.updatedAt), { inside: o.inside, capacity: o.capacity });
          sync?.nudge();
        } catch (error) {
          occupancyWriteFailed(`an occupancy sample could not be kept for the hub: ${(error as Error).message}`);
        }
      },
      remember: (memory) => occupancyStore.save(memory),
    },
    now,
  );
  if (occupancy.restore(occupancyStore.load())) log.info('occupancy: carried on from before the restart');
  const alarms = new AlarmRules(
    config,
    roles,
    { device: (id) => devices.get(id), occupancy: () => (occupancy.hasSources ? occupancy.current : undefined) },
    new AlarmStore(db, outbox),
    (change) => {
      const { alarm } = change;
      log.warn(`alarm ${change.change}: ${alarm.rule}${alarm.device ? ` on ${alarm.device}` : ''} (${alarm.detail})`);
      bus.emit('alarm', change);
      sync?.nudge();
    },
    now,
  );

  let lockRequests = 0;
  const lock = config.door?.lock;
  const lockSource = `yizhan-${station.id}`;
  const announceDoor = (result: DoorResult) => {
    // QoS 0 like the unlock: a QoS 1 PUBACK left unacknowledged on the agent's socket can hold the next scan
    // behind the broker's Nagle delay (docs/door.md, "Latency").
    link.publish(topics.doorResult, JSON.stringify(result), { qos: 0 }).catch((err: Error) => {
      log.warn(`door result not published: ${err.message}`);
    });
    bus.emit('door', result);
    if (!result.ok && result.reason === 'unknown-key') sync?.checkBundleSoon();
    else sync?.nudge();
  };
  const doorWatch = new DoorWatch({
    db,
    bus,
    outbox,
    now,
    answerTimeoutMs: config.door?.lockAnswer ? config.door.lockAnswer.timeoutSeconds * 1000 : undefined,
    heldOpenMs: (config.door?.heldOpenSeconds ?? 60) * 1000,
    contactDevice: config.door?.contactDevice,
    openWindowMs: ((lock?.openSeconds ?? 5) + 5) * 1000,
    outcome(outcome, result) {
      link.publish(topics.doorLock, JSON.stringify(outcome)).catch((err: Error) => {
        log.warn(`lock outcome not published: ${err.message}`);
      });
      if (outcome.lock === 'no-answer') {
        log.warn(`the lock did not answer the unlock for visit ${outcome.visitId}`);
        announceDoor({ ...result, lock: 'no-answer' });
      }
    },
    changed: () => sync?.nudge(),
  });
  const sweepFailed = onceAMinute((m) => log.error(m));
  const visitEnds = new VisitEnds({
    visitLog,
    now,
    maxStaySeconds: config.visits.maxStayMinutes * 60,
    keepDays: config.retention.visitDays,
    ended: () => sync?.nudge(),
    failed: (error) =>
      sweepFailed(`visits could not be ended or forgotten (tried again each minute): ${error.message}`),
  });
  const door = new Door({
    visitLog,
    bundle,
    now,
    stay: { exitAfterSeconds: config.visits.exitAfterSeconds, maxStaySeconds: config.visits.maxStayMinutes * 60 },
    walkInsPerMinute: config.visits.walkInsPerMinute,
    async unlock(result) {
      if (!lock) return;
      const requestId = ++lockRequests;
      const command = unlockCommand(lock, requestId, lockSource, result.visitId);
      // QoS 0: an unlock is now or never; a QoS 1 resend after a reconnect would open the door for nobody.
      await link.publish(command.topic, command.payload, { qos: 0 });
      doorWatch.commanded(requestId, result);
    },
    announce: announceDoor,
    storageFailed(error) {
      log.error(`door: the visit log cannot be written, the door stays shut: ${error.message}`);
    },
  });
  if (lock) {
    for (const topic of lockAnswerTopics(lock, lockSource, config.door?.lockAnswer?.topic)) {
      link.subscribe(topic, (t, payload) => {
        const answer = readLockAnswer(lock, t, payload);
        if (answer) doorWatch.answered(answer);
      });
    }
  }

  for (const { topic, device, qos } of devices.subscriptions()) {
    link.subscribe(
      topic,
      (t, payload) => {
        metrics.messageIn();
        devices.handle(device, t, payload);
      },
      qos,
    );
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
  agent = {
    config,
    stationInfo,
    http,
    db,
    bus,
    outbox,
    bundle,
    kioskContent,
    visitLog,
    devices,
    door,
    doorWatch,
    visitEnds,
    metrics,
    readings,
    deviceFacts,
    occupancy,
    alarms,
    services: () => serviceAvailability(roles, (id) => devices.get(id)),
    sync,
    async start() {
      if (!config.mqtt.url) broker = await startEmbeddedBroker({ port: config.mqtt.embeddedPort });
      readings.start();
      devices.start();
      alarms.start();
      await link.start();
      await claim.start();
      if (claim.conflicted) return;
      // After the link: a count carried over from before a restart is published at once.
      occupancy.start();
      await configureLock();
      doorWatch.start();
      visitEnds.start();
      sync?.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      claim.stop();
      await sync?.stop();
      visitEnds.stop();
      doorWatch.stop();
      devices.stop();
      await http.close();
      await link.stop();
      statePublisher.stop();
      alarms.stop();
      occupancy.stop();
      devices.stop();
      readings.stop();
      readingsDb.close();
      await broker?.close();
      db.close();
    },
  };
  await http.register(fastifyWebsocket);
  http.setErrorHandler((err, _req, reply) => {
    if (err instanceof AgentError && err.status !== 500) {
      return reply.code(err.status).send({ error: err.code, message: err.message });
    }
    // Fastify's own client errors (bad JSON, body too large) keep their status and message.
    const { statusCode, message } = err as { statusCode?: number; message?: string };
    if (statusCode && statusCode < 500) return reply.code(statusCode).send({ error: 'YZ_ERR_BAD_REQUEST', message });
    log.error(err);
    return reply.code(500).send({ error: 'YZ_ERR_INTERNAL', message: 'internal error' });
  });
  await http.register(
    healthRoutes({
      metrics,
      pendingEvents: () => outbox.pendingCount(),
      gauges: () => ({
        mqttConnected: link.connected,
        devices: devices.snapshot(),
        openAlarms: alarms.open(),
        duplicates: devices.duplicates,
        readingsPersisted: readings.persisted,
        readingsBuffered: readings.buffered,
        inside: occupancy.hasSources ? occupancy.current.inside : undefined,
      }),
    }),
  );
  await http.register(kioskApi(agent, now));
  await http.register(liveRoute(agent));
  await http.register(kioskContentRoutes(agent));
  await http.register(feedbackRoute(agent, now));
  const kioskDir = deps.kioskDir;
  if (kioskDir && existsSync(join(kioskDir, 'index.html'))) {
    // Dotfiles stay unserved: a stray .env copied into the build must not reach the network.
    await http.register(fastifyStatic, { root: kioskDir, index: 'index.html', dotfiles: 'ignore' });
  } else {
    http.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send('The kiosk is not built: run `pnpm --filter @yizhan/kiosk-ui build`.'),
    );
  }

  return agent;
}

/** Says a failure that repeats (a full disk fails every write) at most once a minute, on the monotonic clock. */
function onceAMinute(say: (message: string) => void): (message: string) => void {
  const allowance = new TokenBucket(1, 1 / 60, performance.now());
  return (message) => {
    if (allowance.take(performance.now()) === 0) say(message);
  };
}
