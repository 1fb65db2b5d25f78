/**
 * The door QR (the phone scans the door): a hub URL with a code this station signs over its id, the current
 * 30 s window and a nonce, redrawn at every window. Shown on the kiosk (and the `/door` page) only while the
 * live channel to the hub is up: without it a phone could not open the door, so the QR is hidden.
 */
import type { DoorQr as DoorQrState } from '@yizhan/shared';
import {
  DOOR_WINDOW_SECONDS,
  type DoorKeyPair,
  doorWindowOf,
  newDoorNonce,
  signDoorCode,
} from '@yizhan/shared/door-code';
import QRCode from 'qrcode';
import type { EventBus } from '../event-bus.ts';
import type { PartLog } from '../log.ts';
import { type AgentPart, Attachments } from '../part.ts';

export interface DoorQrDeps {
  stationId: string;
  key: DoorKeyPair;
  /** Where workers' phones reach the hub (`hub.phoneUrl`, else `hub.url`). */
  phoneUrl: string;
  /** Heard: `hubChannel`. Said: `doorQr`. */
  bus: EventBus;
  log: PartLog;
  now(): number;
}

export class DoorQr implements AgentPart {
  readonly name = 'door qr';
  private readonly attached = new Attachments();
  private timer: NodeJS.Timeout | undefined;
  private channelUp = false;
  private drawn: { window: number; qr: DoorQrState; svg: string } | undefined;
  private shown: DoorQrState | null = null;

  constructor(private readonly deps: DoorQrDeps) {}

  /** What the kiosk shows now: null while the live channel is down. */
  current(): DoorQrState | null {
    return this.shown;
  }

  /** The QR of what is shown now, as SVG; undefined while nothing is. */
  svg(): string | undefined {
    return this.shown && this.drawn?.qr === this.shown ? this.drawn.svg : undefined;
  }

  start(): void {
    this.attached.add(
      this.deps.bus.on('hubChannel', (up) => {
        this.channelUp = up;
        this.refresh();
      }),
    );
  }

  stop(): void {
    this.attached.removeAll();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.channelUp = false;
    this.shown = null;
  }

  /** The code for `window` (a fresh nonce per window): what a test or the bench reads as a phone would. */
  codeFor(window: number): string {
    return signDoorCode(this.deps.key.privateKeyPem, { station: this.deps.stationId, window, nonce: newDoorNonce() });
  }

  private refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.channelUp) {
      this.say(null);
      return;
    }
    const now = this.deps.now();
    const window = doorWindowOf(now);
    const changesAtMs = (window + 1) * DOOR_WINDOW_SECONDS * 1000;
    this.timer = setTimeout(() => this.refresh(), Math.max(50, changesAtMs - now));
    if (this.drawn?.window === window) {
      this.say(this.drawn.qr);
      return;
    }
    const url = `${this.deps.phoneUrl.replace(/\/$/, '')}/d?c=${this.codeFor(window)}`;
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((svg) => {
        const qr = { url, changesAt: new Date(changesAtMs).toISOString() };
        this.drawn = { window, qr, svg };
        // The channel may have gone down while it was drawn.
        if (this.channelUp) this.say(qr);
      })
      .catch((err: Error) => this.deps.log.error({ err }, 'the door QR could not be drawn'));
  }

  private say(qr: DoorQrState | null): void {
    if (this.shown === qr) return;
    this.shown = qr;
    this.deps.bus.emit('doorQr', qr);
  }
}
