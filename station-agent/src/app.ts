/**
 * Builds a station agent: its stores, its parts in the order they start (they stop in reverse) and its HTTP
 * edge. Starts nothing: `start()` starts the parts, main listens, `close()` undoes all of it.
 */
import { agentTopics, type StationInfo } from '@yizhan/shared';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AlarmRules } from './alarms/alarm-rules.ts';
import { AlarmsPart } from './alarms/alarms-part.ts';
import type { AgentConfig } from './config.ts';
import type { Db } from './db/open.ts';
import type { OccupancyEstimator } from './derived/occupancy.ts';
import { OccupancyPart } from './derived/occupancy-part.ts';
import { type ServiceAvailability, serviceAvailability } from './derived/service-availability.ts';
import { DevicesPart } from './devices/devices-part.ts';
import type { StationDevices } from './devices/station-devices.ts';
import type { Door } from './door/door.ts';
import { DoorPart } from './door/door-part.ts';
import type { VisitLog } from './door/visit-log.ts';
import { EventBus } from './event-bus.ts';
import { HomeAssistantDiscovery } from './home-assistant/discovery.ts';
import { KioskContentFeed } from './kiosk/kiosk-content.ts';
import { AgentMetrics } from './metrics.ts';
import { BrokerLinks } from './mqtt/broker-links.ts';
import { type AgentPart, PartList } from './part.ts';
import { createHttp, registerRoutes } from './routes/http-edge.ts';
import { type Claim, StationClaim } from './station-claim.ts';
import type { BundleCache } from './store/bundle-cache.ts';
import type { Outbox } from './store/outbox.ts';
import type { ReadingStore } from './store/readings.ts';
import { StationStores } from './store/station-stores.ts';
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

/** A built agent: what main starts and stops, and what the end-to-end tests look into. */
export interface Agent {
  readonly config: AgentConfig;
  readonly stationInfo: StationInfo;
  readonly http: FastifyInstance;
  readonly db: Db;
  readonly bus: EventBus;
  readonly outbox: Outbox;
  readonly bundle: BundleCache;
  readonly kioskContent: KioskContentFeed;
  readonly visitLog: VisitLog;
  readonly devices: StationDevices;
  readonly door: Door;
  readonly metrics: AgentMetrics;
  readonly readings: ReadingStore;
  readonly occupancy: OccupancyEstimator;
  readonly alarms: AlarmRules;
  /** Whether each service with a device (water, microwave, fridge…) works right now. */
  services(): ServiceAvailability[];
  readonly sync: HubSync | undefined;
  /** Starts the parts in order; resolves once the last has started (or the agent gave way to another). */
  start(): Promise<void>;
  /** Stops the parts in reverse and closes the stores. */
  close(): Promise<void>;
}

export async function buildAgent(config: AgentConfig, deps: AgentDeps = {}): Promise<Agent> {
  const now = deps.now ?? Date.now;
  const { station } = config;
  const http = createHttp(deps.logger ?? false);
  const log = http.log;
  const partLog = (part: string) => log.child({ part });
  const bus = new EventBus();
  const metrics = new AgentMetrics();
  const stores = new StationStores(config, bus, partLog('stores'), now);
  const { outbox, bundle } = stores;
  const { id, name, district, capacity } = station;
  const stationInfo: StationInfo = { id, name, district, capacity };

  const links = new BrokerLinks(config, partLog('mqtt'));
  const claimTopic = agentTopics(station.id).claim;
  const claim = new StationClaim({
    epoch: outbox.epoch,
    now,
    publish: (c) => links.devices.publishJson(claimTopic, c, { retain: true }),
    listen: (seen) => links.devices.subscribe(claimTopic, (_t, payload) => seen(payload)),
    conflict(other) {
      log.error(
        { part: 'station claim', other: { epoch: other.epoch, startedAt: new Date(other.startedAt).toISOString() } },
        'another agent runs this station on this broker: this one gives way and stops; check the station id',
      );
      deps.conflict?.(other);
      void agent.close();
    },
  });
  const common = { config, bus, stores, now };
  const devices = new DevicesPart({ ...common, link: links.devices, metrics, log: partLog('devices') });
  const roles = devices.devices.configs();
  const occupancy = new OccupancyPart({ ...common, devices: roles, link: links.devices, log: partLog('occupancy') });
  const estimator = occupancy.estimator;
  const contactDevice = config.door?.contactDevice ?? roles.find((d) => d.kind === 'door')?.id;
  const alarms = new AlarmsPart({
    ...common,
    devices: roles,
    device: (id) => devices.heardSinceStart(id),
    occupancy: () => (estimator.hasSources ? estimator.current : undefined),
    log: partLog('alarms'),
  });
  const door = new DoorPart({ ...common, link: links.door, contactDevice, log: partLog('door') });
  const sync = config.hub
    ? new HubSync({ ...common, hub: config.hub, stationId: id, outbox, bundle, log: partLog('sync') })
    : undefined;
  const kioskContent = new KioskContentFeed(config, bundle, bus, now);
  const homeAssistant = new HomeAssistantDiscovery({
    ...common,
    devices: roles,
    link: links.devices,
    log: partLog('ha'),
  });

  // The order they start in; they stop in reverse. The claim comes right after the links: an agent that
  // must give way does so before it reads a device or opens the door.
  const parts: AgentPart[] = [links, claim, devices, occupancy, alarms, door, kioskContent, ...(sync ? [sync] : [])];
  parts.push(homeAssistant, links.announcement);

  const lifecycle = new PartList(parts, log);
  let closing: Promise<void> | undefined;
  const agent: Agent = {
    config,
    stationInfo,
    http,
    db: stores.db,
    bus,
    outbox,
    bundle,
    kioskContent,
    visitLog: stores.visitLog,
    devices: devices.devices,
    door: door.door,
    metrics,
    readings: stores.readings,
    occupancy: estimator,
    alarms: alarms.rules,
    services: () => serviceAvailability(roles, (id) => devices.devices.get(id)),
    sync,
    start: () => lifecycle.start(() => claim.conflicted),
    close() {
      closing ??= (async () => {
        // The edge first: no request reaches a part that has stopped.
        await http.close();
        await lifecycle.stop();
        stores.close();
      })();
      return closing;
    },
  };

  await registerRoutes(http, {
    health: {
      metrics,
      pendingEvents: () => outbox.pendingCount(),
      gauges: () => ({
        mqttConnected: links.connected,
        devices: devices.devices.snapshot(),
        openAlarms: alarms.rules.open(),
        duplicates: devices.devices.duplicates,
        readingsPersisted: stores.readings.persisted,
        readingsBuffered: stores.readings.buffered,
        inside: estimator.hasSources ? estimator.current.inside : undefined,
        mutedDevices: devices.muted(),
      }),
    },
    kiosk: {
      station: stationInfo,
      services: config.services,
      devices: () => devices.devices.snapshot(),
      door: door.door,
      visits: stores.visitLog,
      timezone: station.timezone,
      now,
    },
    live: {
      station: stationInfo,
      devices: () => devices.devices.snapshot(),
      occupancy: () => (estimator.hasSources ? estimator.current : undefined),
      content: kioskContent,
      events: bus,
    },
    content: { content: () => kioskContent.current(), joinUnionUrl: config.kiosk.joinUnionUrl },
    feedback: { report: (category, place, at) => stores.feedback.report(category, place, at), now },
    kioskDir: deps.kioskDir,
  });
  return agent;
}
