import { describe, expect, it } from 'vitest';
import { addDays, clockText, dateText, inDailyWindow, zonedParts } from '../src/zone-time.ts';

const ZONE = 'Asia/Shanghai';

describe('zone time', () => {
  it('reads the day, weekday and minutes in the station zone, not the machine zone', () => {
    // 2026-12-20T17:30Z is Monday 01:30 in Xuzhou and still Sunday in UTC.
    expect(zonedParts(new Date('2026-12-20T17:30:00Z'), ZONE)).toEqual({ day: '2026-12-21', weekday: 1, minutes: 90 });
    expect(clockText(new Date('2026-12-20T17:30:00Z'), ZONE)).toBe('01:30');
    expect(dateText(new Date('2026-12-20T17:30:00Z'), ZONE, 'zh')).toBe('12月21日星期一');
    expect(dateText(new Date('2026-12-20T17:30:00Z'), ZONE, 'en')).toBe('Monday 21 December');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-29', 6)).toBe('2027-01-04');
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
  });

  it('finds the night window, also when it crosses midnight', () => {
    const night = { from: '22:00', to: '06:00' };
    const at = (hhmm: string) => new Date(`2026-12-21T${hhmm}:00+08:00`);
    expect(inDailyWindow(at('21:59'), ZONE, night)).toBe(false);
    expect(inDailyWindow(at('22:00'), ZONE, night)).toBe(true);
    expect(inDailyWindow(at('03:00'), ZONE, night)).toBe(true);
    expect(inDailyWindow(at('06:00'), ZONE, night)).toBe(false);
    expect(inDailyWindow(at('13:00'), ZONE, { from: '12:00', to: '14:00' })).toBe(true);
    expect(inDailyWindow(at('13:00'), ZONE, { from: '12:00', to: '12:00' })).toBe(false);
  });
});
