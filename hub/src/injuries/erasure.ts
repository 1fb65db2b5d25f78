/**
 * Forgets the person once a case is done: `eraseAfterMonths` after a case closes, its name, phone, health
 * details, notes and place are erased; the counts the analysis reads stay. Looks at start and every
 * `eraseCheckSeconds` on the hub's clock. Idempotent, so several hub processes may all look.
 */
import type { Clock } from '../clock.ts';
import { PeriodicLook } from '../periodic-look.ts';
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
  private readonly periodic: PeriodicLook;

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly settings: { eraseAfterMonths: number; eraseCheckSeconds: number },
    /** What was erased, for the log. */
    private readonly onErased: (caseIds: string[]) => void,
    /** A failed look (the database away) is reported and retried at the next tick. */
    onError: (err: unknown) => void,
  ) {
    this.periodic = new PeriodicLook(settings.eraseCheckSeconds * 1000, () => this.look(), onError);
  }

  /** A look at once, then every `eraseCheckSeconds`. */
  start(): void {
    void this.periodic.check();
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async look(): Promise<void> {
    const now = this.clock();
    const cutoff = monthsEarlier(now, this.settings.eraseAfterMonths);
    const erased = await this.store.injuries.eraseClosedBefore(cutoff, new Date(now).toISOString());
    if (erased.length > 0) this.onErased(erased);
  }
}
