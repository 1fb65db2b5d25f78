/**
 * Visits that nobody scanned out of: all end when the occupancy estimate reaches zero, and each ends at
 * the maximum stay (swept every minute). Exit scans are the visit log's own business. The same sweep
 * forgets visits past their retention, a chunk a minute.
 */
import type { VisitLog } from './visit-log.ts';

const SWEEP_MS = 60_000;

export interface VisitEndsDeps {
  visitLog: VisitLog;
  now(): number;
  maxStaySeconds: number;
  /** Visits started longer ago than this are forgotten (once the hub has them). */
  keepDays: number;
  /** The sweep could not write (a full disk): reported, never thrown from the timer; it tries again next minute. */
  failed(error: Error): void;
}

export class VisitEnds {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: VisitEndsDeps) {}

  start(): void {
    if (this.timer) return;
    this.sweepReported();
    this.timer = setInterval(() => this.sweepReported(), SWEEP_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The occupancy estimate changed; zero people inside ends every open visit. */
  occupancy(inside: number): void {
    if (inside !== 0) return;
    this.deps.visitLog.endAllOpen(new Date(this.deps.now()), 'empty');
  }

  private sweepReported(): void {
    try {
      this.sweep();
    } catch (error) {
      this.deps.failed(error as Error);
    }
  }

  sweep(): void {
    const now = this.deps.now();
    this.deps.visitLog.endOverstays(new Date(now), this.deps.maxStaySeconds);
    this.deps.visitLog.forgetOlderThan(new Date(now - this.deps.keepDays * 86_400_000));
  }
}
