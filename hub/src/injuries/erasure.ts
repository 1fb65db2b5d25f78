/**
 * Forgets the person once a case is done: `eraseAfterMonths` after a case closes, its name, phone, health
 * details, notes and place are erased; the counts the analysis reads stay. Looks at start and every
 * `eraseCheckSeconds` on the hub's clock. Idempotent, so several hub processes may all look.
 */
import type { Clock } from '../clock.ts';
import type { HubStore } from '../store.ts';

/** The instant `months` calendar months before `nowMs` (UTC), as ISO text; the day is clamped to the month's end. */
export function monthsEarlier(nowMs: number, months: number): string {
  const now = new Date(nowMs);
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  target.setUTCHours(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
  return target.toISOString();
}

export class InjuryErasure {
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly settings: { eraseAfterMonths: number; eraseCheckSeconds: number },
    /** What was erased, for the log. */
    private readonly onErased: (caseIds: string[]) => void,
    /** A failed look (the database away) is reported and retried at the next tick. */
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    void this.check();
    this.timer ??= setInterval(() => {
      void this.check();
    }, this.settings.eraseCheckSeconds * 1000);
  }

  /** Resolves once a look under way has ended (the store may close after). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.looking;
  }

  /** One look; looks never overlap. */
  check(): Promise<void> {
    this.looking = this.looking.then(() => this.look().catch(this.onError));
    return this.looking;
  }

  private async look(): Promise<void> {
    const now = this.clock();
    const cutoff = monthsEarlier(now, this.settings.eraseAfterMonths);
    const erased = await this.store.injuries.eraseClosedBefore(cutoff, new Date(now).toISOString());
    if (erased.length > 0) this.onErased(erased);
  }
}
