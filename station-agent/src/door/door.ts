/**
 * Scan-in: check the code offline, commit the visit, then open the lock and say the result.
 * The order is the guarantee: nothing opens the door that is not already a durable visit.
 */
import type { DoorResult, WorkerCategory } from '@yizhan/shared';
import { verifyMemberCode } from '@yizhan/shared/member-code';
import type { BundleCache } from '../store/bundle-cache.ts';
import { readScannedCode } from './scanned-code.ts';
import { DEFAULT_STAY, type StayRules, type VisitLog } from './visit-log.ts';

export type Admitted = Extract<DoorResult, { ok: true }>;

export interface DoorDeps {
  visitLog: VisitLog;
  bundle: BundleCache;
  /** Sends the unlock command for a committed admission; resolves when the broker has it. */
  unlock(result: Admitted): Promise<void>;
  /** Announces the outcome (door/result topic and the kiosk). */
  announce(result: DoorResult): void;
  now(): number;
  stay?: StayRules;
}

export class Door {
  constructor(private readonly deps: DoorDeps) {}

  async scan(payload: Buffer | string): Promise<DoorResult> {
    const { visitLog, now } = this.deps;
    const at = new Date(now());
    const result = this.check(payload, at);
    if (!result.ok) {
      visitLog.reject(result.reason, at);
      this.deps.announce(result);
      return result;
    }
    await this.deps.unlock(result);
    this.deps.announce(result);
    // Housekeeping off the hot path: expired codes can no longer be replayed.
    visitLog.forgetExpiredCodes(Math.floor(at.getTime() / 1000));
    return result;
  }

  /** "I'm here" on the kiosk: the worker is already inside, so it counts the visit and opens nothing. */
  walkIn(category: WorkerCategory): DoorResult {
    const visitId = this.deps.visitLog.walkIn(category, new Date(this.deps.now()));
    const result: DoorResult = { ok: true, visitId, category };
    this.deps.announce(result);
    return result;
  }

  private check(payload: Buffer | string, at: Date): DoorResult {
    const scanned = readScannedCode(payload);
    if (!scanned.ok) return scanned;
    const current = this.deps.bundle.current();
    const verdict = verifyMemberCode(scanned.code, current?.memberKeys ?? [], Math.floor(at.getTime() / 1000));
    if (!verdict.ok) return verdict;
    if (current?.revokedMembers.includes(verdict.claims.sub)) return { ok: false, reason: 'revoked' };
    const admission = this.deps.visitLog.admit(verdict.claims, at, this.deps.stay ?? DEFAULT_STAY);
    if (!admission.ok) return admission;
    const result: Admitted = { ok: true, visitId: admission.visitId, category: verdict.claims.cat };
    if (admission.direction === 'out') result.direction = 'out';
    return result;
  }
}
