/**
 * Signing in at the events that ask for it, while they run (the bundle's occurrences with `signIn`): a member code
 * scanned at the door signs its member in once per occurrence; a tap on the kiosk counts a sign-in with no one's
 * identity, as many times as it is tapped (at the walk-ins' pace at most). Each new sign-in is said on the bus,
 * for the kiosk's 已签到.
 */
import { type ScheduledEvent, TokenBucket, type WorkerCategory } from '@yizhan/shared';
import { AgentError } from '../errors.ts';
import type { EventBus } from '../event-bus.ts';
import type { AttendanceLog } from '../store/attendance.ts';
import type { BundleCache } from '../store/bundle-cache.ts';

export class SignInDesk {
  private readonly taps: TokenBucket;

  constructor(
    private readonly deps: {
      attendance: AttendanceLog;
      bundle: BundleCache;
      bus: EventBus;
      now(): number;
      tapsPerMinute?: number;
    },
  ) {
    const perMinute = deps.tapsPerMinute ?? 12;
    this.taps = new TokenBucket(Math.max(1, Math.ceil(perMinute / 2)), perMinute / 60, deps.now());
  }

  /** The events asking for sign-in that run at `at`. */
  running(at: number): ScheduledEvent[] {
    return (this.deps.bundle.current()?.events ?? []).filter(
      (e) => e.signIn === true && Date.parse(e.startsAt) <= at && Date.parse(e.endsAt) > at,
    );
  }

  /** A member's code was admitted at the door: they are signed in at every event running now. */
  byCode(member: string, category: WorkerCategory, at: Date): void {
    for (const event of this.running(at.getTime())) {
      if (this.deps.attendance.attend({ eventId: event.id, method: 'code', category, member, at })) {
        this.deps.bus.emit('attended', { title: event.title, method: 'code' });
      }
    }
  }

  /** A tap on the kiosk for one running event. */
  byTap(eventId: string, category: WorkerCategory): ScheduledEvent {
    const now = this.deps.now();
    const event = this.running(now).find((e) => e.id === eventId);
    if (!event) throw new AgentError('YZ_ERR_NOT_FOUND', `no event ${eventId} taking sign-ins now`);
    const waitMs = this.taps.take(now);
    if (waitMs > 0) {
      throw new AgentError(
        'YZ_ERR_TOO_FAST',
        `sign-ins are coming faster than people do: try again in ${Math.ceil(waitMs / 1000)} s`,
      );
    }
    this.deps.attendance.attend({ eventId, method: 'tap', category, at: new Date(now) });
    this.deps.bus.emit('attended', { title: event.title, method: 'tap' });
    return event;
  }
}
