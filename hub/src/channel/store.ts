import type { KioskHealth, SwitchableAppliance } from '@yizhan/shared';
import type { ChannelConnection, KioskReport, StationScreen } from './schema.ts';

/**
 * Who is on the live channel, and what stations said over it. Engine-neutral; every method is asynchronous.
 * A connection counts only while the hub process holding it says it is alive (`holderAlive`), so a process
 * that dies without a word takes its stations off the channel by itself.
 */
export interface ChannelStore {
  /** The station's socket is held by `holder` from `at`; a newer connection replaces an older one, wherever. */
  connect(stationId: string, holder: string, at: string): Promise<void>;
  /** Ends the connection unless another holder took the station meanwhile; false then. */
  disconnect(stationId: string, holder: string): Promise<boolean>;
  /** What the station said it may have switched, on the connection `holder` holds. */
  setAppliances(stationId: string, holder: string, appliances: readonly SwitchableAppliance[]): Promise<void>;
  /** The holder is alive until `until`; renewed every few seconds. */
  holderAlive(holder: string, until: string): Promise<void>;
  /** The connection of the station at `now`, if any. */
  connection(stationId: string, now: string): Promise<ChannelConnection | undefined>;
  /** How many stations are connected at `now`. */
  connectedCount(now: string): Promise<number>;
  /** Moves whenever something a bundle is made of changes (a trigger in the same transaction). */
  bundleGeneration(): Promise<number>;
  setKioskHealth(stationId: string, health: KioskHealth, at: string): Promise<void>;
  kioskHealth(stationId: string): Promise<KioskReport | undefined>;
  saveScreen(stationId: string, screen: StationScreen): Promise<void>;
  screen(stationId: string): Promise<StationScreen | undefined>;
}
