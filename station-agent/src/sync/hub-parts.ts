/**
 * The parts that talk to the hub: the outbox and bundle sync, the live channel and the door QR the phone scans.
 * None of them exists without a hub in the config; the door QR also needs a lock.
 */
import type { AppliancePower } from '../appliances/appliance-power.ts';
import type { Door } from '../door/door.ts';
import { DoorQr } from '../door/door-qr.ts';
import type { KioskWatch } from '../kiosk/kiosk-watch.ts';
import { captureScreen } from '../kiosk/screen-capture.ts';
import type { PartLog } from '../log.ts';
import type { PartContext } from '../part.ts';
import { HubChannel } from './hub-channel.ts';
import { HubSync } from './hub-sync.ts';

export interface HubPartsDeps extends Omit<PartContext, 'log'> {
  door: Door;
  power: AppliancePower;
  kioskWatch: KioskWatch;
  /** The kiosk's own address, as Chromium has it open: known only once the agent listens. */
  kioskOrigin(): string;
  partLog(part: string): PartLog;
}

export interface HubParts {
  sync?: HubSync;
  channel?: HubChannel;
  doorQr?: DoorQr;
}

export function buildHubParts(deps: HubPartsDeps): HubParts {
  const { config, stores, bus, now, partLog } = deps;
  const { hub, door, station, kiosk } = config;
  if (!hub) return {};
  const { outbox, bundle } = stores;
  const sync = new HubSync({ hub, stationId: station.id, outbox, bundle, bus, now, log: partLog('sync') });
  const channel = new HubChannel({
    hub,
    stationId: station.id,
    doorKey: stores.doorKey.publicKey,
    appliances: deps.power.switchable(),
    bus,
    log: partLog('hub channel'),
    handlers: {
      admit: (admission) => deps.door.admit(admission),
      bundleChanged: () => sync.checkBundleNow(),
      power: (device, on, by) => deps.power.power(device, on, by),
      captureScreen: () => captureScreen(kiosk.devtoolsPort, deps.kioskOrigin(), now),
      kioskHealth: () => deps.kioskWatch.current(),
    },
  });
  const doorQr = door
    ? new DoorQr({
        stationId: station.id,
        key: stores.doorKey,
        phoneUrl: hub.phoneUrl ?? hub.url,
        bus,
        log: partLog('door qr'),
        now,
      })
    : undefined;
  return { sync, channel, doorQr };
}
