/**
 * A look the hub takes on a timer (the silent-station sweep, the injury erasure): every `everyMs`, never two at
 * once, a failure reported and the next tick trying again; `stop` resolves once a look under way has ended, so
 * the store may close after it.
 */
export class PeriodicLook {
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly everyMs: number,
    private readonly look: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      void this.check();
    }, this.everyMs);
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.looking;
  }

  /** One look now, after any under way. */
  check(): Promise<void> {
    this.looking = this.looking.then(() => this.look().catch(this.onError));
    return this.looking;
  }
}
