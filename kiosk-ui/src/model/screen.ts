import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { lang } from './i18n.ts';

export const SCREENS = ['home', 'events', 'walk-in', 'report', 'more'] as const;
export type Screen = (typeof SCREENS)[number];

/** The screen on show. Home is where the kiosk rests. */
export const screen = signal<Screen>('home');

export function show(next: Screen) {
  screen.value = next;
}

/** Bumped on every reset so screens with their own half-filled state (the report form) start afresh. */
export const resetCount = signal(0);

/** Back to what a newcomer should see: home, in Chinese. */
export function resetKiosk() {
  batch(() => {
    screen.value = 'home';
    lang.value = 'zh';
    resetCount.value += 1;
  });
}

export const atRest = () => screen.value === 'home' && lang.value === 'zh';

/** Touched within this, the kiosk is in use: door moments come as a banner that leaves it usable. */
export const IN_USE_MS = 30_000;

export interface IdleWatch {
  /** Seconds until the reset while the warning shows; null otherwise. */
  secondsLeft: ReadonlySignal<number | null>;
  /** When (performance.now()) the screen was last touched; null before the first touch. */
  lastTouch: ReadonlySignal<number | null>;
  /** Someone touched the screen: the idle time starts again and any warning goes. */
  touch(): void;
  start(): void;
  stop(): void;
}

export interface IdleWatchOptions {
  /** Idle time before the warning; read at each arming so a new config applies at once. */
  idleMs: () => number;
  /** How long the warning counts down before the reset. */
  warnSeconds?: number;
  /** Nothing to reset: no warning is shown. */
  atRest?: () => boolean;
  reset?: () => void;
}

/** Untouched for a while away from home, the kiosk warns with a countdown the user can dismiss, then resets. */
export function createIdleWatch({
  idleMs,
  warnSeconds = 10,
  atRest: rest = atRest,
  reset = resetKiosk,
}: IdleWatchOptions): IdleWatch {
  const secondsLeft = signal<number | null>(null);
  const lastTouch = signal<number | null>(null);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let tickTimer: ReturnType<typeof setInterval> | undefined;
  let running = false;

  const arm = () => {
    clearTimeout(idleTimer);
    clearInterval(tickTimer);
    tickTimer = undefined;
    secondsLeft.value = null;
    if (running) idleTimer = setTimeout(warn, idleMs());
  };

  function warn() {
    if (rest()) {
      arm();
      return;
    }
    secondsLeft.value = warnSeconds;
    tickTimer = setInterval(() => {
      const left = (secondsLeft.value ?? 1) - 1;
      if (left > 0) {
        secondsLeft.value = left;
        return;
      }
      reset();
      arm();
    }, 1_000);
  }

  return {
    secondsLeft,
    lastTouch,
    touch() {
      lastTouch.value = performance.now();
      arm();
    },
    start() {
      if (running) return;
      running = true;
      arm();
    },
    stop() {
      running = false;
      arm();
    },
  };
}
