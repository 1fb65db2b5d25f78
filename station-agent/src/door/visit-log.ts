/**
 * The station's visit log. Each admission writes the visit, the code's replay-cache entry and the
 * outbox event in one transaction; the caller opens the door only after it has committed.
 */
import { randomUUID } from 'node:crypto';
import type { ScanRejection, WorkerCategory } from '@yizhan/shared';
import type { MemberClaims } from '@yizhan/shared/member-code';
import { CLOCK_SKEW_SECONDS } from '@yizhan/shared/member-code';
import type { Db } from '../db/open.ts';
import type { Outbox } from '../store/outbox.ts';

export type Admission = { ok: true; visitId: string } | { ok: false; reason: 'replayed' };

export class VisitLog {
  private readonly admitCode;
  private readonly admitWalkIn;
  private readonly rejectScan;
  private readonly pruneCodes;
  private readonly countSince;

  constructor(db: Db, outbox: Outbox) {
    const insertUsed = db.prepare('INSERT OR IGNORE INTO used_codes (jti, expires_at) VALUES (?, ?)');
    const insertVisit = db.prepare(
      'INSERT INTO visits (id, started_at, method, category, member, code_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertRejected = db.prepare('INSERT INTO rejected_scans (at, reason) VALUES (?, ?)');

    this.admitCode = db.transaction((claims: MemberClaims, at: Date): Admission => {
      // The replay cache and the visit commit together: a code admits once, even across restarts.
      if (insertUsed.run(claims.jti, claims.exp + CLOCK_SKEW_SECONDS).changes === 0) {
        return { ok: false, reason: 'replayed' };
      }
      const visitId = randomUUID();
      insertVisit.run(visitId, at.toISOString(), 'code', claims.cat, claims.sub, claims.jti);
      outbox.append('visit.started', at, { visitId, method: 'code', category: claims.cat, member: claims.sub });
      return { ok: true, visitId };
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
    this.pruneCodes = db.prepare('DELETE FROM used_codes WHERE expires_at < ?');
    this.countSince = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM visits WHERE started_at >= ?');
  }

  admit(claims: MemberClaims, at: Date): Admission {
    return this.admitCode(claims, at);
  }

  walkIn(category: WorkerCategory, at: Date): string {
    return this.admitWalkIn(category, at);
  }

  /** Rejected scans keep only their reason: a forged code's claims are never stored. */
  reject(reason: ScanRejection, at: Date): void {
    this.rejectScan(reason, at);
  }

  /** Codes past their expiry can no longer be replayed; their cache rows can go. */
  forgetExpiredCodes(nowSeconds: number): void {
    this.pruneCodes.run(nowSeconds);
  }

  visitsSince(at: Date): number {
    return this.countSince.get(at.toISOString())!.n;
  }
}
