import { TokenBucket } from '@yizhan/shared';

/**
 * What a part may log with: pino's structured calls (`log.warn({ err, device }, 'what happened')`). The agent's
 * logger is Fastify's pino; each part gets a child that names it (`{ part: 'sync' }`).
 */
export interface PartLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A logger that drops everything, for parts built without one. */
export const silentLog: PartLog = { info() {}, warn() {}, error() {} };

/**
 * Says a failure that repeats (a full disk fails every write) at most once a minute, on the monotonic clock;
 * how many were left out is said with the next line.
 */
export function onceAMinute(log: Pick<PartLog, 'error'>): (err: Error, message: string) => void {
  const allowance = new TokenBucket(1, 1 / 60, performance.now());
  let suppressed = 0;
  return (err, message) => {
    if (allowance.take(performance.now()) > 0) {
      suppressed++;
      return;
    }
    log.error(suppressed > 0 ? { err, suppressed } : { err }, message);
    suppressed = 0;
  };
}
