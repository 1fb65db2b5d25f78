/**
 * Scan-in: check the code offline, commit the visit, then open the lock and say the result.
 * The order is the guarantee: nothing opens the door that is not already a durable visit.
 */
import { type DoorResult, TokenBucket, type WorkerCategory } from '@yizhan/shared';
import { verifyAdmission } from '@yizhan/shared/admission';
import { type MemberClaims, verifyMemberCode } from '@yizhan/shared/member-code';
import { AgentError } from '../errors.ts';
import type { BundleCache } from '../store/bundle-cache.ts';
import { readScannedCode } from './scanned-code.ts';
import { DEFAULT_STAY, type StayRules, type VisitLog } from './visit-log.ts';

export type Admitted = Extract<DoorResult, { ok: true }>;

export interface DoorDeps {
  /** Phone admissions name the one station they open. */
  stationId: string;
  visitLog: VisitLog;
  bundle: BundleCache;
  /** Sends the unlock command for a committed admission; resolves when the broker has it. */
  unlock(result: Admitted): Promise<void>;
  /** Announces the outcome (door/result topic and the kiosk). */
  announce(result: DoorResult): void;
  now(): number;
  stay?: StayRules;
  /** The visit log could not be written (disk full, I/O error): reported, never thrown at the scanner. */
  storageFailed?(error: Error): void;
  /** The unlock command did not reach the broker: reported, and said as a lock that did not answer. */
  unlockFailed?(error: Error): void;
  /** Walk-ins counted per minute at most, half of them at once (default 12). */
  walkInsPerMinute?: number;
  /** A member was let in or out: signed in at the events running now that ask for it (after the unlock). */
  admitted?(member: string, category: WorkerCategory, at: Date): void;
}

/** A door decision, and for an admission the member's pseudonym (for signing in at events). */
interface Outcome {
  result: DoorResult;
  member?: string;
}

export class Door {
  private readonly walkIns: TokenBucket;

  constructor(private readonly deps: DoorDeps) {
    const perMinute = deps.walkInsPerMinute ?? 12;
    this.walkIns = new TokenBucket(Math.max(1, Math.ceil(perMinute / 2)), perMinute / 60, deps.now());
  }

  async scan(payload: Buffer | string): Promise<DoorResult> {
    const at = new Date(this.deps.now());
    return this.open(this.check(payload, at), at);
  }

  /**
   * A phone at the door, checked by the hub and relayed over the live channel (shared/src/admission.ts): the
   * same rule as a scan — verified here, offline, with the bundle's keys and revocations, single use, and the
   * visit committed before the lock is told.
   */
  async admit(admission: string): Promise<DoorResult> {
    const at = new Date(this.deps.now());
    const current = this.deps.bundle.current();
    const verdict = verifyAdmission(
      admission,
      current?.memberKeys ?? [],
      this.deps.stationId,
      Math.floor(at.getTime() / 1000),
    );
    return this.open(verdict.ok ? this.admitClaims(verdict.claims, at) : { result: verdict }, at);
  }

  /** Says the outcome; an admission opens the lock and then signs the member in at an event under way. */
  private async open({ result, member }: Outcome, at: Date): Promise<DoorResult> {
    const { visitLog } = this.deps;
    if (!result.ok) {
      this.record(() => visitLog.reject(result.reason, at));
      this.deps.announce(result);
      return result;
    }
    try {
      await this.deps.unlock(result);
    } catch (error) {
      // The visit stands (committed first); the lock was not told. The kiosk says so as for a silent lock.
      this.deps.unlockFailed?.(error as Error);
      const unreached: DoorResult = { ...result, lock: 'no-answer' };
      this.deps.announce(unreached);
      return unreached;
    }
    this.deps.announce(result);
    if (member !== undefined) this.record(() => this.deps.admitted?.(member, result.category, at));
    // Housekeeping off the hot path: expired codes can no longer be replayed.
    this.record(() => visitLog.forgetExpiredCodes(Math.floor(at.getTime() / 1000)));
    return result;
  }

  /** "I'm here" on the kiosk: the worker is already inside, so it counts the visit and opens nothing. */
  walkIn(category: WorkerCategory): DoorResult {
    const waitMs = this.walkIns.take(this.deps.now());
    if (waitMs > 0) {
      throw new AgentError(
        'YZ_ERR_TOO_FAST',
        `walk-ins are coming faster than people do: try again in ${Math.ceil(waitMs / 1000)} s`,
      );
    }
    const visitId = this.record(() => this.deps.visitLog.walkIn(category, new Date(this.deps.now())));
    if (visitId === undefined) throw new AgentError('YZ_ERR_STORAGE', 'the station cannot record visits right now');
    const result: DoorResult = { ok: true, visitId, category };
    this.deps.announce(result);
    return result;
  }

  /** Runs a visit-log write; a storage failure is reported and yields undefined. */
  private record<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (error) {
      this.deps.storageFailed?.(error as Error);
      return undefined;
    }
  }

  private check(payload: Buffer | string, at: Date): Outcome {
    const scanned = readScannedCode(payload);
    if (!scanned.ok) return { result: scanned };
    const current = this.deps.bundle.current();
    const verdict = verifyMemberCode(scanned.code, current?.memberKeys ?? [], Math.floor(at.getTime() / 1000));
    return verdict.ok ? this.admitClaims(verdict.claims, at) : { result: verdict };
  }

  /** Verified claims: revocation, then the visit (with single use) in one transaction. */
  private admitClaims(claims: MemberClaims, at: Date): Outcome {
    if (this.deps.bundle.current()?.revokedMembers.includes(claims.sub)) {
      return { result: { ok: false, reason: 'revoked' } };
    }
    // Fail-safe: a visit that cannot be recorded does not open the door.
    const admission = this.record(() => this.deps.visitLog.admit(claims, at, this.deps.stay ?? DEFAULT_STAY));
    if (!admission) return { result: { ok: false, reason: 'station-unavailable' } };
    if (!admission.ok) return { result: admission };
    const result: Admitted = { ok: true, visitId: admission.visitId, category: claims.cat };
    if (admission.direction === 'out') result.direction = 'out';
    return { result, member: claims.sub };
  }
}
