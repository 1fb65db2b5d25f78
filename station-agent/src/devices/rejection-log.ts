/**
 * Logs refused payloads without letting a broken device fill the disk: the first refusal of a device
 * is logged at once, then at most one line per device every `everyMs`, with how many were left out.
 * Every refusal is still counted in `/metrics`.
 */
import type { DeviceMessage } from './adapters/index.ts';

export const REJECTION_LOG_EVERY_MS = 60_000;

export class RejectionLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: { warn(msg: string): void },
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
    const more = last?.suppressed ? ` (${last.suppressed} more refused since the last line)` : '';
    this.last.set(device, { at: now, suppressed: 0 });
    this.log.warn(`rejected payload from ${device} on ${topic}: ${message.reason} (${message.detail})${more}`);
  }
}
