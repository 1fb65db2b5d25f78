/**
 * One agent per station id. Two agents configured with the same id would both open the door for
 * one scan and send two visit streams for one station, so each agent claims its station on the
 * broker: a retained `{epoch, startedAt, at}` on `yizhan/{station}/agent/claim`, renewed every
 * RENEW_MS. A claim by another database (epoch) that is still being renewed is a conflict; the
 * agent that started later gives way. A restarted agent keeps its epoch, so it never conflicts with
 * itself; a replaced one takes over once the old claim has gone stale.
 */
import { type StationClaimMessage, stationClaim } from '@yizhan/shared';
import type { AgentPart } from './part.ts';

export const RENEW_MS = 20_000;
const RETAINED_GRACE_MS = 300;
/** A claim not renewed for this long belongs to an agent that is gone. */
export const STALE_MS = 3 * RENEW_MS;

export type Claim = StationClaimMessage;

export interface StationClaimDeps {
  epoch: string;
  now(): number;
  publish(claim: Claim): Promise<void>;
  /** Hears every claim on the broker (retained or live); returns the function that stops listening. */
  listen(seen: (payload: Buffer) => void): () => void;
  /** Called once, with the claim of the agent this one gives way to. */
  conflict(other: Claim): void;
}

export class StationClaim implements AgentPart {
  readonly name = 'station claim';
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private startedAt = 0;
  private lost = false;
  /** Ends the wait for a retained claim early (on stop or conflict). */
  private endGrace: (() => void) | undefined;

  constructor(private readonly deps: StationClaimDeps) {}

  get conflicted(): boolean {
    return this.lost;
  }

  /**
   * Claims the station and keeps renewing the claim. Called once the link is up; it first gives the
   * broker a moment to deliver a retained claim, so a second agent gives way before it claims.
   */
  async start(): Promise<void> {
    this.unlisten ??= this.deps.listen((payload) => this.seen(payload));
    this.startedAt = this.deps.now();
    await new Promise<void>((resolve) => {
      this.endGrace = resolve;
      this.timer = setTimeout(resolve, RETAINED_GRACE_MS);
    });
    if (this.lost) return;
    await this.renew();
    this.timer = setInterval(() => void this.renew().catch(() => undefined), RENEW_MS);
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.endRenewal();
  }

  private endRenewal(): void {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    this.timer = undefined;
    this.endGrace?.();
  }

  /** A claim seen on the broker (retained or live). */
  seen(payload: Buffer): void {
    if (this.lost) return;
    let other: Claim;
    try {
      const parsed = stationClaim.safeParse(JSON.parse(payload.toString()));
      if (!parsed.success) return;
      other = parsed.data;
    } catch {
      return;
    }
    if (other.epoch === this.deps.epoch) return;
    if (this.deps.now() - other.at > STALE_MS) return;
    // The earlier start wins; an exact tie is broken by epoch so both sides agree.
    const mine = this.startedAt === 0 ? Number.POSITIVE_INFINITY : this.startedAt;
    const otherWins = other.startedAt < mine || (other.startedAt === mine && other.epoch < this.deps.epoch);
    if (!otherWins) return;
    this.lost = true;
    this.endRenewal();
    // Put the winner's claim back, in case ours replaced it as the retained one.
    this.deps.publish(other).catch(() => undefined);
    this.deps.conflict(other);
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    await this.deps.publish({ epoch: this.deps.epoch, startedAt: this.startedAt, at: this.deps.now() });
  }
}
