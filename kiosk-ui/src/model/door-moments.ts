/**
 * What the kiosk shows of the door, at a busy station. A welcome stays `showMs`; welcomes in quick succession
 * are shown together ("3 位工友"); a refusal stays at least `refusalMinMs` and no other worker's welcome covers
 * it meanwhile (they wait, grouped, and follow it); a late "lock did not answer" replaces only its own worker's
 * welcome. How it is drawn (full screen or a banner) is the view's choice (DoorMoment.tsx).
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { DoorResult } from '@yizhan/shared';

export type Welcome = Extract<DoorResult, { ok: true }>;

export interface DoorMoment {
  /** The latest result the moment stands for (a refusal, a lock's silence, or the last welcome). */
  result: DoorResult;
  /** The welcomes shown together, oldest first: one for a single worker, several for a group. */
  welcomes: Welcome[];
  /** Grows with every change of the moment, so two equal moments are still two. */
  seq: number;
}

export interface DoorMoments {
  current: ReadonlySignal<DoorMoment | null>;
  arrive(result: DoorResult): void;
  dismiss(): void;
  stop(): void;
}

export interface DoorMomentTimes {
  /** How long a moment stays after its last change. */
  showMs: number;
  /** A refusal is never replaced by a welcome sooner than this. */
  refusalMinMs: number;
}

export const DEFAULT_DOOR_MOMENT_TIMES: DoorMomentTimes = { showMs: 6_000, refusalMinMs: 4_000 };

export function createDoorMoments(
  times: DoorMomentTimes = DEFAULT_DOOR_MOMENT_TIMES,
  now: () => number = () => performance.now(),
): DoorMoments {
  const current = signal<DoorMoment | null>(null);
  let seq = 0;
  let shownAt = 0;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Welcomes that came while a refusal held the screen. */
  let waiting: Welcome[] = [];

  const show = (result: DoorResult, welcomes: Welcome[]) => {
    seq += 1;
    shownAt = now();
    current.value = { result, welcomes, seq };
    clearTimeout(hideTimer);
    hideTimer = setTimeout(dismiss, times.showMs);
  };

  const refusalHolds = () => {
    const shown = current.value;
    return shown !== null && isRefusal(shown.result) && now() - shownAt < times.refusalMinMs;
  };

  const release = () => {
    releaseTimer = undefined;
    if (waiting.length === 0) return;
    const group = waiting;
    waiting = [];
    show(group[group.length - 1]!, group);
  };

  function dismiss() {
    clearTimeout(hideTimer);
    current.value = null;
    // Welcomes held back by a refusal the worker dismissed come now.
    clearTimeout(releaseTimer);
    release();
  }

  return {
    current,
    arrive(result) {
      const shown = current.value;
      if (result.ok && result.lock === 'no-answer') {
        // Only over its own worker's welcome (the last one shown), never over someone else's moment.
        const last = shown?.welcomes[shown.welcomes.length - 1];
        if (shown === null || (!isRefusal(shown.result) && last?.visitId === result.visitId)) show(result, []);
        return;
      }
      if (!result.ok) {
        waiting = [];
        clearTimeout(releaseTimer);
        releaseTimer = undefined;
        show(result, []);
        return;
      }
      if (refusalHolds()) {
        waiting.push(result);
        releaseTimer ??= setTimeout(release, Math.max(0, times.refusalMinMs - (now() - shownAt)));
        return;
      }
      const together = shown && !isRefusal(shown.result) ? [...shown.welcomes, result] : [result];
      show(result, together);
    },
    dismiss,
    stop() {
      clearTimeout(hideTimer);
      clearTimeout(releaseTimer);
      releaseTimer = undefined;
      waiting = [];
    },
  };
}

/** A refusal, or the lock's silence after a welcome: the door may be shut in front of someone. */
export function isRefusal(result: DoorResult): boolean {
  return !result.ok || result.lock === 'no-answer';
}
