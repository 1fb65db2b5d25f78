/** What `buildAgent` takes and what it gives: the agent main starts and stops, and end-to-end tests look into. */
import type { StationInfo } from '@yizhan/shared';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AlarmRules } from './alarms/alarm-rules.ts';
import type { AppliancePower } from './appliances/appliance-power.ts';
import type { AgentConfig } from './config.ts';
import type { Db } from './db/open.ts';
import type { OccupancyEstimator } from './derived/occupancy.ts';
import type { ServiceAvailability } from './derived/service-availability.ts';
import type { StationDevices } from './devices/station-devices.ts';
import type { Door } from './door/door.ts';
import type { DoorQr } from './door/door-qr.ts';
import type { VisitLog } from './door/visit-log.ts';
import type { EventBus } from './event-bus.ts';
import type { KioskContentFeed } from './kiosk/kiosk-content.ts';
import type { AgentMetrics } from './metrics.ts';
import type { Claim } from './station-claim.ts';
import type { BundleCache } from './store/bundle-cache.ts';
import type { Outbox } from './store/outbox.ts';
import type { ReadingStore } from './store/readings.ts';
import type { HubChannel } from './sync/hub-channel.ts';
import type { HubSync } from './sync/hub-sync.ts';

export interface AgentDeps {
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  /** The built kiosk (kiosk-ui/dist); without it the agent serves only its API. */
  kioskDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Another agent runs this station: this one has closed itself (main exits with an error). */
  conflict?(other: Claim): void;
}

/** A built agent. */
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
  /** Remote appliance power and autoOff. */
  readonly power: AppliancePower;
  /** Whether each service with a device (water, microwave, fridge…) works right now. */
  services(): ServiceAvailability[];
  readonly sync: HubSync | undefined;
  /** The live channel to the hub; undefined without a hub. */
  readonly channel: HubChannel | undefined;
  /** The door QR the kiosk shows; undefined without a hub or a lock. */
  readonly doorQr: DoorQr | undefined;
  /** Starts the parts in order; resolves once the last has started (or the agent gave way to another). */
  start(): Promise<void>;
  /** Stops the parts in reverse and closes the stores. */
  close(): Promise<void>;
}
