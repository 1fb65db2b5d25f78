/**
 * Builds a station agent: its stores, its parts in the order they start (they stop in reverse) and its HTTP
 * edge. Starts nothing: `start()` starts the parts, main listens, `close()` undoes all of it.
 */
import { agentTopics, type StationInfo } from '@yizhan/shared';
import type { Agent, AgentDeps } from './agent.ts';
import { AlarmsPart } from './alarms/alarms-part.ts';
import { AppliancePower } from './appliances/appliance-power.ts';
import type { AgentConfig } from './config.ts';
import { OccupancyPart } from './derived/occupancy-part.ts';
import { serviceAvailability } from './derived/service-availability.ts';
import { DevicesPart } from './devices/devices-part.ts';
import { DoorPart } from './door/door-part.ts';
import { SignInDesk } from './door/sign-in.ts';
import { EventBus } from './event-bus.ts';
import { HomeAssistantDiscovery } from './home-assistant/discovery.ts';
import { KioskContentFeed } from './kiosk/kiosk-content.ts';
import { KioskWatch } from './kiosk/kiosk-watch.ts';
import { AgentMetrics } from './metrics.ts';
import { BrokerLinks } from './mqtt/broker-links.ts';
import { type AgentPart, PartList } from './part.ts';
import { createHttp, localOrigin, registerRoutes } from './routes/http-edge.ts';
import { StationClaim } from './station-claim.ts';
import { StationStores } from './store/station-stores.ts';
import { buildHubParts } from './sync/hub-parts.ts';

export type { Agent, AgentDeps } from './agent.ts';

export async function buildAgent(config: AgentConfig, deps: AgentDeps = {}): Promise<Agent> {
  const now = deps.now ?? Date.now;
  const { station } = config;
  const http = createHttp(deps.logger ?? false);
  const log = http.log;
  const partLog = (part: string) => log.child({ part });
  const bus = new EventBus();
  const metrics = new AgentMetrics();
  const stores = new StationStores(config, bus, partLog('stores'), now);
  const { outbox, bundle, attendance } = stores;
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
  const signIn = new SignInDesk({ attendance, bundle, bus, now, tapsPerMinute: config.visits.walkInsPerMinute });
  const door = new DoorPart({ ...common, link: links.door, contactDevice, signIn, log: partLog('door') });
  const power = new AppliancePower({ ...common, link: links.devices, devices: roles, log: partLog('appliance power') });
  const kioskWatch = new KioskWatch({
    bus,
    log: partLog('kiosk watch'),
    now,
    timeoutSeconds: config.kiosk.heartbeatTimeoutSeconds,
  });
  const { sync, channel, doorQr } = buildHubParts({
    ...common,
    door: door.door,
    power,
    kioskWatch,
    kioskOrigin: () => localOrigin(http),
    partLog,
  });
  const kioskContent = new KioskContentFeed(config, bundle, bus, now, (id) => stores.feedback.categoryOf(id));
  const homeAssistant = new HomeAssistantDiscovery({
    ...common,
    devices: roles,
    link: links.devices,
    log: partLog('ha'),
  });

  // The order they start in; they stop in reverse. The claim comes right after the links: an agent that
  // must give way does so before it reads a device or opens the door.
  const parts: AgentPart[] = [
    links,
    claim,
    devices,
    occupancy,
    alarms,
    door,
    power,
    kioskContent,
    kioskWatch,
    ...(sync ? [sync] : []),
  ];
  // The QR listens for the channel before the channel starts, so it hears it come up.
  if (doorQr) parts.push(doorQr);
  if (channel) parts.push(channel);
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
    power,
    services: () => serviceAvailability(roles, (id) => devices.devices.get(id)),
    sync,
    channel,
    doorQr,
    start: () => lifecycle.start(() => claim.conflicted),
    close() {
      closing ??= (async () => {
        // The edge first: no request reaches a part that has stopped. Whatever it says, the parts stop.
        try {
          await http.close();
        } finally {
          await lifecycle.stop();
          stores.close();
        }
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
      hubChannel: () => (channel ? channel.connected : undefined),
      kiosk: () => kioskWatch.current(),
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
      // Undefined (left out of the snapshot) for a station without phone entry; null while the channel is down.
      doorQr: () => (doorQr ? doorQr.current() : undefined),
      switchedOff: () => power.switchedOff(),
      heartbeat: () => kioskWatch.heard(),
      events: bus,
    },
    content: { content: () => kioskContent.current(), joinUnionUrl: config.kiosk.joinUnionUrl },
    feedback: { report: (category, place, at) => stores.feedback.report(category, place, at), now },
    doorQr: { svg: () => doorQr?.svg() },
    signIn,
    kioskDir: deps.kioskDir,
  });
  return agent;
}
