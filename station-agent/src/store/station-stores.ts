/**
 * The station's SQLite file and everything kept in it, opened once per agent. Two connections: the main one
 * (synchronous=FULL) for visits, alarms, sessions and the outbox, and one for readings and other state a power
 * cut may lose the last second of (synchronous=NORMAL: no fsync per commit).
 */
import { join } from 'node:path';
import type { DoorKeyPair } from '@yizhan/shared/door-code';
import type { AgentConfig } from '../config.ts';
import { type Db, openStationDatabase } from '../db/open.ts';
import { VisitLog } from '../door/visit-log.ts';
import type { EventBus } from '../event-bus.ts';
import { onceAMinute, type PartLog } from '../log.ts';
import { AlarmStore } from './alarm-store.ts';
import { ApplianceSwitches } from './appliance-switches.ts';
import { AttendanceLog } from './attendance.ts';
import { BundleCache } from './bundle-cache.ts';
import { DeviceCatalog } from './device-catalog.ts';
import { DeviceFacts } from './device-facts.ts';
import { stationDoorKey } from './door-key.ts';
import { FeedbackLog } from './feedback.ts';
import { HomeAssistantConfigs } from './home-assistant-configs.ts';
import { LastStates } from './last-states.ts';
import { OccupancyStore } from './occupancy-store.ts';
import { Outbox } from './outbox.ts';
import { ReadingStore } from './readings.ts';

export class StationStores {
  readonly db: Db;
  private readonly readingsDb: Db;
  readonly outbox: Outbox;
  readonly bundle: BundleCache;
  readonly visitLog: VisitLog;
  readonly deviceFacts: DeviceFacts;
  readonly deviceCatalog: DeviceCatalog;
  readonly alarms: AlarmStore;
  readonly feedback: FeedbackLog;
  readonly attendance: AttendanceLog;
  readonly homeAssistant: HomeAssistantConfigs;
  readonly readings: ReadingStore;
  readonly occupancy: OccupancyStore;
  readonly lastStates: LastStates;
  readonly applianceSwitches: ApplianceSwitches;
  /** Signs the door QR codes (door/door-qr.ts). */
  readonly doorKey: DoorKeyPair;

  constructor(config: AgentConfig, bus: EventBus, log: PartLog, now: () => number) {
    const path = join(config.dataDir, 'station.db');
    this.db = openStationDatabase(path);
    this.outbox = new Outbox(this.db, (type) => bus.emit('outbox', type));
    this.bundle = new BundleCache(this.db);
    this.visitLog = new VisitLog(this.db, this.outbox);
    this.deviceFacts = new DeviceFacts(this.db, this.outbox);
    this.deviceCatalog = new DeviceCatalog(this.db, this.outbox);
    this.alarms = new AlarmStore(this.db, this.outbox);
    this.feedback = new FeedbackLog(this.db, this.outbox);
    this.attendance = new AttendanceLog(this.db, this.outbox);
    this.homeAssistant = new HomeAssistantConfigs(this.db);
    this.applianceSwitches = new ApplianceSwitches(this.db);
    this.doorKey = stationDoorKey(this.db, new Date(now()));

    this.readingsDb = openStationDatabase(path);
    this.readingsDb.pragma('synchronous = NORMAL');
    // A full disk fails every flush (ten a second): each is said once a minute.
    const readingsFailed = onceAMinute(log);
    this.readings = new ReadingStore(this.readingsDb, config.retention, now, (err) =>
      readingsFailed(err, 'readings cannot be written (kept in memory, then dropped)'),
    );
    const occupancyFailed = onceAMinute(log);
    this.occupancy = new OccupancyStore(this.readingsDb, (err) =>
      occupancyFailed(err, 'the occupancy estimate cannot be kept for a restart'),
    );
    const lastStateFailed = onceAMinute(log);
    this.lastStates = new LastStates(this.readingsDb, (err) =>
      lastStateFailed(err, 'device states cannot be kept for a restart'),
    );
  }

  close(): void {
    this.readingsDb.close();
    this.db.close();
  }
}
