import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lang } from '../src/model/i18n.ts';
import { atRest, createIdleWatch, resetCount, resetKiosk, screen } from '../src/model/screen.ts';

beforeEach(() => {
  vi.useFakeTimers();
  screen.value = 'home';
  lang.value = 'zh';
});
afterEach(() => {
  vi.useRealTimers();
});

describe('resetKiosk', () => {
  it('goes home in Chinese and tells forms to clear', () => {
    screen.value = 'report';
    lang.value = 'en';
    const before = resetCount.value;
    resetKiosk();
    expect([screen.value, lang.value, resetCount.value]).toEqual(['home', 'zh', before + 1]);
    expect(atRest()).toBe(true);
  });
});

describe('createIdleWatch', () => {
  it('warns after the idle time, counts down each second, then resets', () => {
    const idle = createIdleWatch({ idleMs: () => 30_000, warnSeconds: 10 });
    idle.start();
    screen.value = 'events';
    vi.advanceTimersByTime(29_999);
    expect(idle.secondsLeft.value).toBeNull();
    vi.advanceTimersByTime(1);
    expect(idle.secondsLeft.value).toBe(10);
    vi.advanceTimersByTime(3_000);
    expect(idle.secondsLeft.value).toBe(7);
    vi.advanceTimersByTime(7_000);
    expect(idle.secondsLeft.value).toBeNull();
    expect(screen.value).toBe('home');
    idle.stop();
  });

  it('starts again from a touch, and a touch during the warning dismisses it', () => {
    const idle = createIdleWatch({ idleMs: () => 30_000 });
    idle.start();
    screen.value = 'report';
    vi.advanceTimersByTime(20_000);
    idle.touch();
    vi.advanceTimersByTime(20_000);
    expect(idle.secondsLeft.value).toBeNull();
    vi.advanceTimersByTime(10_000);
    expect(idle.secondsLeft.value).toBe(10);
    idle.touch();
    expect(idle.secondsLeft.value).toBeNull();
    vi.advanceTimersByTime(29_000);
    expect(screen.value).toBe('report');
    idle.stop();
  });

  it('shows no warning when the kiosk is already at rest, and stop leaves no timer', () => {
    const idle = createIdleWatch({ idleMs: () => 30_000 });
    idle.start();
    vi.advanceTimersByTime(90_000);
    expect(idle.secondsLeft.value).toBeNull();
    idle.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
