import { type ReadonlySignal, signal } from '@preact/signals';

export interface Clock {
  now: ReadonlySignal<Date>;
  start(): void;
  stop(): void;
}

/** Wall time for the header, ticking on the minute's scale; nothing runs until `start()`. */
export function createClock(tickMs = 10_000): Clock {
  const now = signal(new Date());
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    now,
    start() {
      if (timer !== undefined) return;
      now.value = new Date();
      timer = setInterval(() => {
        now.value = new Date();
      }, tickMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
