/**
 * The station's visit log. Each admission writes the visit, the code's replay-cache entry and the
 * outbox event in one transaction; the caller opens the door only after it has committed.
 */
import { randomUUID } from 'node:crypto';
import { type EventBody, localHourOf, type ScanRejection, type WorkerCategory } from '@yizhan/shared';
import type { MemberClaims } from '@yizhan/shared/member-code';
import { CLOCK_SKEW_SECONDS } from '@yizhan/shared/member-code';
import type { Db } from '../db/open.ts';
import type { Outbox } from '../store/outbox.ts';

export type EndReason = EventBody<'visit.ended'>['reason'];

/**
 * `in`: a new visit. `again`: the member scanned again soon after entering (the door did not open,
 * they stepped out for a moment): the same visit, the door opens again. `out`: an exit scan that ended it.
 */
export type Admission =
  | { ok: true; visitId: string; direction: 'in' | 'again' | 'out' }
  | { ok: false; reason: 'replayed' };

export interface VisitCounts {
  total: number;
  walkIns: number;
  byCategory: Partial<Record<WorkerCategory, number>>;
  /** Local hour `YYYY-MM-DDTHH` → visits started in it. */
  byHour: Record<string, number>;
  /** Local day `YYYY-MM-DD` → visits started on it. */
  byDay: Record<string, number>;
}

/** When a member's second scan is an exit, and when an open visit is given up on. */
export interface StayRules {
  /** A second scan sooner than this after entering opens the door again for the same visit. */
  exitAfterSeconds: number;
  maxStaySeconds: number;
}
export const DEFAULT_STAY: StayRules = { exitAfterSeconds: 60, maxStaySeconds: 4 * 3600 };

/** Rows forgotten per call of `forgetOlderThan`. */
const FORGET_CHUNK = 500;

interface OpenVisit {
  id: string;
  started_at: string;
}

export class VisitLog {
  private readonly admitCode;
  private readonly admitWalkIn;
  private readonly rejectScan;
  private readonly endOpen;
  private readonly endOverstayed;
  private readonly pruneCodes;
  private readonly forgetBefore: (before: string) => number;
  private readonly oldestUnsynced: () => string | undefined;
  private readonly countSince;
  private readonly startedBetween;
  private readonly openCount;

  constructor(db: Db, outbox: Outbox) {
    const insertUsed = db.prepare('INSERT OR IGNORE INTO used_codes (jti, expires_at) VALUES (?, ?)');
    const insertVisit = db.prepare(
      'INSERT INTO visits (id, started_at, method, category, member, code_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertRejected = db.prepare('INSERT INTO rejected_scans (at, reason) VALUES (?, ?)');
    const openVisitOf = db.prepare<[string], OpenVisit>(
      'SELECT id, started_at FROM visits WHERE member = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
    );
    const endVisit = db.prepare('UPDATE visits SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL');
    const allOpen = db.prepare<[], OpenVisit>('SELECT id, started_at FROM visits WHERE ended_at IS NULL');
    const openBefore = db.prepare<[string], OpenVisit>(
      'SELECT id, started_at FROM visits WHERE ended_at IS NULL AND started_at < ?',
    );

    const end = (visit: OpenVisit, at: Date, reason: EndReason): void => {
      endVisit.run(at.toISOString(), reason, visit.id);
      outbox.append('visit.ended', at, { visitId: visit.id, reason });
    };

    this.admitCode = db.transaction((claims: MemberClaims, at: Date, stay: StayRules): Admission => {
      // The replay cache and the visit commit together: a code admits once, even across restarts.
      if (insertUsed.run(claims.jti, claims.exp + CLOCK_SKEW_SECONDS).changes === 0) {
        return { ok: false, reason: 'replayed' };
      }
      const open = openVisitOf.get(claims.sub);
      if (open) {
        const stayedMs = at.getTime() - Date.parse(open.started_at);
        if (stayedMs < stay.exitAfterSeconds * 1000) return { ok: true, visitId: open.id, direction: 'again' };
        if (stayedMs < stay.maxStaySeconds * 1000) {
          end(open, at, 'exit-scan');
          return { ok: true, visitId: open.id, direction: 'out' };
        }
        // Not swept yet but past the maximum stay: they left long ago, this is a new visit.
        end(open, new Date(Date.parse(open.started_at) + stay.maxStaySeconds * 1000), 'max-stay');
      }
      const visitId = randomUUID();
      insertVisit.run(visitId, at.toISOString(), 'code', claims.cat, claims.sub, claims.jti);
      outbox.append('visit.started', at, { visitId, method: 'code', category: claims.cat, member: claims.sub });
      return { ok: true, visitId, direction: 'in' };
    });
    this.admitWalkIn = db.transaction((category: WorkerCategory, at: Date): string => {
      const visitId = randomUUID();
      insertVisit.run(visitId, at.toISOString(), 'walk-in', category, null, null);
      outbox.append('visit.started', at, { visitId, method: 'walk-in', category });
      return visitId;
    });
    this.rejectScan = db.transaction((reason: ScanRejection, at: Date) => {
      insertRejected.run(at.toISOString(), reason);
      outbox.append('scan.rejected', at, { reason });
    });
    this.endOpen = db.transaction((at: Date, reason: EndReason): number => {
      const open = allOpen.all();
      for (const visit of open) end(visit, at, reason);
      return open.length;
    });
    this.endOverstayed = db.transaction((now: Date, maxStayMs: number): number => {
      const stale = openBefore.all(new Date(now.getTime() - maxStayMs).toISOString());
      // Nobody saw them leave: the visit is counted as lasting the maximum stay, not until the sweep.
      for (const visit of stale) end(visit, new Date(Date.parse(visit.started_at) + maxStayMs), 'max-stay');
      return stale.length;
    });
    this.pruneCodes = db.prepare('DELETE FROM used_codes WHERE expires_at < ?');
    // A few hundred rows at a time: a long delete would hold the door's next visit behind it.
    const forgetVisits = db.prepare(
      `DELETE FROM visits WHERE id IN
         (SELECT id FROM visits WHERE started_at < ? AND ended_at IS NOT NULL ORDER BY started_at LIMIT ${FORGET_CHUNK})`,
    );
    const forgetUnlocks = db.prepare(
      `DELETE FROM door_unlocks WHERE id IN (SELECT id FROM door_unlocks WHERE commanded_at < ? ORDER BY commanded_at LIMIT ${FORGET_CHUNK})`,
    );
    const forgetRejected = db.prepare(
      `DELETE FROM rejected_scans WHERE id IN (SELECT id FROM rejected_scans WHERE at < ? ORDER BY at LIMIT ${FORGET_CHUNK})`,
    );
    this.forgetBefore = db.transaction(
      (before: string) =>
        forgetVisits.run(before).changes + forgetUnlocks.run(before).changes + forgetRejected.run(before).changes,
    );
    this.oldestUnsynced = () => outbox.oldestPendingAt();
    this.countSince = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM visits WHERE started_at >= ?');
    this.startedBetween = db.prepare<
      [string, string],
      { started_at: string; method: string; category: WorkerCategory }
    >('SELECT started_at, method, category FROM visits WHERE started_at >= ? AND started_at < ? ORDER BY started_at');
    this.openCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM visits WHERE ended_at IS NULL');
  }

  /** A verified code: a new visit, the same one again, or the member's exit (see `Admission`). */
  admit(claims: MemberClaims, at: Date, stay: StayRules = DEFAULT_STAY): Admission {
    return this.admitCode(claims, at, stay);
  }

  walkIn(category: WorkerCategory, at: Date): string {
    return this.admitWalkIn(category, at);
  }

  /** Rejected scans keep only their reason: a forged code's claims are never stored. */
  reject(reason: ScanRejection, at: Date): void {
    this.rejectScan(reason, at);
  }

  /** Everyone has left (the occupancy estimate reached zero): every open visit ends now. */
  endAllOpen(at: Date, reason: EndReason = 'empty'): number {
    return this.endOpen(at, reason);
  }

  /** Ends visits open longer than the maximum stay; returns how many. */
  endOverstays(now: Date, maxStaySeconds: number): number {
    return this.endOverstayed(now, maxStaySeconds * 1000);
  }

  openVisits(): number {
    return this.openCount.get()!.n;
  }

  /**
   * Forgets visits (with their pseudonyms and code ids), unlocks and refused scans that started before `before`,
   * never one the hub has not acknowledged yet: the hub keeps the history, the station only what it needs.
   * A chunk at a time; returns how many rows went (call again while it is not 0).
   */
  forgetOlderThan(before: Date): number {
    const unsynced = this.oldestUnsynced();
    const bound = unsynced !== undefined && unsynced < before.toISOString() ? unsynced : before.toISOString();
    return this.forgetBefore(bound);
  }

  /** Codes past their expiry can no longer be replayed; their cache rows can go. */
  forgetExpiredCodes(nowSeconds: number): void {
    this.pruneCodes.run(nowSeconds);
  }

  visitsSince(at: Date): number {
    return this.countSince.get(at.toISOString())!.n;
  }

  /** Visits started in [from, to), counted per local hour, local day and category in `timezone`. */
  counts(from: Date, to: Date, timezone: string): VisitCounts {
    const local = localHourOf(timezone);
    const counts: VisitCounts = { total: 0, walkIns: 0, byCategory: {}, byHour: {}, byDay: {} };
    for (const row of this.startedBetween.iterate(from.toISOString(), to.toISOString())) {
      const hour = local(row.started_at);
      const day = hour.slice(0, 10);
      counts.total++;
      if (row.method === 'walk-in') counts.walkIns++;
      counts.byCategory[row.category] = (counts.byCategory[row.category] ?? 0) + 1;
      counts.byHour[hour] = (counts.byHour[hour] ?? 0) + 1;
      counts.byDay[day] = (counts.byDay[day] ?? 0) + 1;
    }
    return counts;
  }
}
