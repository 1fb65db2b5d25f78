/**
 * What the hub keeps, one store per noun, behind engine-neutral interfaces: routes and admin actions depend
 * on these, never on an engine. Every method returns a Promise, so an engine over the network (PostgreSQL)
 * fits behind the same interfaces. All times are ISO-8601 UTC strings.
 */
import type { AlarmStore } from './alarms/store.ts';
import type { ApplianceStore } from './appliances/store.ts';
import type { ChannelRelay } from './channel/relay.ts';
import type { ChannelStore } from './channel/store.ts';
import type { FeedbackStore } from './feedback/store.ts';
import type { InjuryStore } from './injuries/store.ts';
import type { LeaseStore } from './leases/store.ts';
import type { FeedRelay } from './live/office-feed.ts';
import type { MemberAccessStore, MemberKeyStore, MemberStore } from './members/store.ts';
import type { OperatorStore, SessionStore } from './operators/store.ts';
import type { PhoneStore } from './phone/store.ts';
import type { ReportStore } from './reports/store.ts';
import type { ScheduleStore } from './schedules/store.ts';
import type { ScreenStore } from './screens/store.ts';
import type { StationStore } from './stations/store.ts';
import type { SyncStore } from './sync/store.ts';

export interface HubStores {
  readonly stations: StationStore;
  readonly operators: OperatorStore;
  readonly sessions: SessionStore;
  readonly memberKeys: MemberKeyStore;
  readonly members: MemberStore;
  readonly memberAccess: MemberAccessStore;
  readonly sync: SyncStore;
  readonly reports: ReportStore;
  readonly alarms: AlarmStore;
  readonly feedback: FeedbackStore;
  readonly schedules: ScheduleStore;
  readonly screens: ScreenStore;
  readonly leases: LeaseStore;
  readonly channel: ChannelStore;
  readonly phone: PhoneStore;
  readonly appliances: ApplianceStore;
  readonly injuries: InjuryStore;
}

export interface HubStore extends HubStores {
  /**
   * Runs `work` as one unit: everything it does through `tx` commits together or not at all, and no other
   * call sees its writes before the commit. A unit that must be atomic is one store method or runs here;
   * nothing may rely on an engine being synchronous. An engine may run `work` again after rolling it back
   * (PostgreSQL, after a deadlock), so `work` acts only through `tx`.
   */
  transaction<T>(work: (tx: HubStores) => Promise<T>): Promise<T>;
  /** How the office's changes reach the other hub processes sharing this store; absent for one process. */
  readonly relay?: FeedRelay;
  /** How live-channel messages reach the hub process holding a station's socket; absent for one process. */
  readonly channelRelay?: ChannelRelay;
  close(): Promise<void>;
}
