/**
 * Logs refused payloads without letting a broken device fill the disk: the first refusal of a device
 * is logged at once, then at most one line per device every `everyMs`, with how many were left out.
 * Every refusal is still counted in `/metrics`.
 */
import type { PartLog } from '../log.ts';
import type { DeviceMessage } from './adapters/index.ts';

export const REJECTION_LOG_EVERY_MS = 60_000;

export class RejectionLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Pick<PartLog, 'warn'>,
    private readonly now: () => number = Date.now,
    private readonly everyMs = REJECTION_LOG_EVERY_MS,
  ) {}

  note(device: string, topic: string, message: Extract<DeviceMessage, { kind: 'rejected' }>): void {
    const now = this.now();
    const last = this.last.get(device);
    if (last && now - last.at < this.everyMs) {
      last.suppressed++;
      return;
    }
    const fields = { device, topic, reason: message.reason, detail: message.detail };
    this.log.warn(
      last?.suppressed ? { ...fields, suppressed: last.suppressed } : fields,
      'device payload refused (each counted in /metrics)',
    );
    this.last.set(device, { at: now, suppressed: 0 });
  }
}
