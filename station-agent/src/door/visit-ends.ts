/**
 * Visits that nobody scanned out of: all end when the occupancy estimate reaches zero, and each ends at
 * the maximum stay (swept every minute). Exit scans are the visit log's own business.
 */
import type { VisitLog } from './visit-log.ts';

const SWEEP_MS = 60_000;

export interface VisitEndsDeps {
  visitLog: VisitLog;
  now(): number;
  maxStaySeconds: number;
  /** Visits ended: sync soon. */
  ended(count: number): void;
}

export class VisitEnds {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: VisitEndsDeps) {}

  start(): void {
    if (this.timer) return;
    this.sweep();
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The occupancy estimate changed; zero people inside ends every open visit. */
  occupancy(inside: number): void {
    if (inside !== 0) return;
    const n = this.deps.visitLog.endAllOpen(new Date(this.deps.now()), 'empty');
    if (n > 0) this.deps.ended(n);
  }

  sweep(): void {
    const n = this.deps.visitLog.endOverstays(new Date(this.deps.now()), this.deps.maxStaySeconds);
    if (n > 0) this.deps.ended(n);
  }
}
