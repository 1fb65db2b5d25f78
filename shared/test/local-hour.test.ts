import { describe, expect, it } from 'vitest';
import { localDayOf, localHourOf } from '../src/zone-time.ts';

/** Intl asked afresh for every instant: what the cached functions must always agree with. */
function uncachedHour(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
  });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
  };
}

describe('localHourOf', () => {
  it('puts instants on either side of midnight in Shanghai in their own local days, as text and as numbers', () => {
    const hour = localHourOf('Asia/Shanghai');
    // The first call fills the cache of the quarter 15:45–16:00Z; the next answers from it.
    expect(hour('2026-11-27T15:50:00.000Z')).toBe('2026-11-27T23');
    expect(hour('2026-11-27T15:59:59.999Z')).toBe('2026-11-27T23');
    expect(hour('2026-11-27T16:00:00.000Z')).toBe('2026-11-28T00');
    expect(hour('2026-11-27T16:14:59Z')).toBe('2026-11-28T00');
    expect(hour('2026-11-27T16:15:00Z')).toBe('2026-11-28T00');
    expect(hour(Date.parse('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27T23');
    expect(hour(Date.parse('2026-11-27T16:00:00.000Z'))).toBe('2026-11-28T00');
    // An offset other than Z is read by its instant, not by its text.
    expect(hour('2026-11-28T00:10:00+08:00')).toBe('2026-11-28T00');
    expect(hour('2026-11-27T23:59:00+00:00')).toBe('2026-11-28T07');
    expect(hour('2026-11-27T16:00:00.000Z')).toBe('2026-11-28T00');
  });

  it('follows a DST zone through both changes (New York, 2026)', () => {
    const hour = localHourOf('America/New_York');
    expect(hour('2026-03-08T06:59:59.999Z')).toBe('2026-03-08T01');
    expect(hour('2026-03-08T07:00:00.000Z')).toBe('2026-03-08T03');
    // 01:00–02:00 local happens twice when the clocks go back at 06:00Z.
    expect(hour('2026-11-01T05:30:00.000Z')).toBe('2026-11-01T01');
    expect(hour('2026-11-01T05:59:59.999Z')).toBe('2026-11-01T01');
    expect(hour('2026-11-01T06:00:00.000Z')).toBe('2026-11-01T01');
    expect(hour('2026-11-01T06:59:59.999Z')).toBe('2026-11-01T01');
    expect(hour('2026-11-01T07:00:00.000Z')).toBe('2026-11-01T02');
    expect(hour('2026-11-01T03:59:59.999Z')).toBe('2026-10-31T23');
    expect(hour('2026-11-01T04:00:00.000Z')).toBe('2026-11-01T00');
  });

  it('does not cache a quarter hour that spans two local hours (Shanghai local mean time, +08:05:43, in 1900)', () => {
    const hour = localHourOf('Asia/Shanghai');
    expect(hour('1900-06-01T15:54:16.000Z')).toBe('1900-06-01T23');
    expect(hour('1900-06-01T15:54:17.000Z')).toBe('1900-06-02T00');
    expect(hour('1900-06-01T15:50:00.000Z')).toBe('1900-06-01T23');
    expect(hour(Date.parse('1900-06-01T15:59:00.000Z'))).toBe('1900-06-02T00');
  });

  it('agrees with Intl at every instant around the changes of zones with DST, half-hour DST and :45 offsets', () => {
    const spans = [
      { zone: 'Asia/Shanghai', from: '2026-11-27T12:00:00Z' },
      { zone: 'America/New_York', from: '2026-11-01T00:00:00Z' },
      { zone: 'America/New_York', from: '2026-03-08T00:00:00Z' },
      { zone: 'Europe/Berlin', from: '2026-10-25T00:00:00Z' },
      { zone: 'Australia/Lord_Howe', from: '2026-10-03T12:00:00Z' },
      { zone: 'Australia/Lord_Howe', from: '2026-04-04T12:00:00Z' },
      { zone: 'Asia/Kathmandu', from: '2026-11-27T12:00:00Z' },
    ];
    for (const { zone, from } of spans) {
      const text = localHourOf(zone);
      const number = localHourOf(zone);
      const expected = uncachedHour(zone);
      const start = Date.parse(from);
      // Every 97 s over 12 hours: several instants in every quarter, and every quarter boundary crossed.
      for (let ms = start; ms < start + 12 * 3_600_000; ms += 97_000) {
        const want = expected(ms);
        expect(text(new Date(ms).toISOString()), `${zone} ${new Date(ms).toISOString()}`).toBe(want);
        expect(number(ms), `${zone} ${ms}`).toBe(want);
      }
    }
  });
});

describe('localDayOf', () => {
  it('is the date part of the local hour, across midnight in Shanghai and in a DST zone', () => {
    const shanghai = localDayOf('Asia/Shanghai');
    expect(shanghai('2026-11-27T15:59:59.999Z')).toBe('2026-11-27');
    expect(shanghai('2026-11-27T16:00:00.000Z')).toBe('2026-11-28');
    expect(shanghai(Date.parse('2026-11-27T16:00:00.000Z'))).toBe('2026-11-28');
    const berlin = localDayOf('Europe/Berlin');
    // Summer time: midnight is 22:00Z; winter time (after 25 Oct 2026): 23:00Z.
    expect(berlin('2026-10-24T21:59:59.999Z')).toBe('2026-10-24');
    expect(berlin('2026-10-24T22:00:00.000Z')).toBe('2026-10-25');
    expect(berlin('2026-10-25T22:59:59.999Z')).toBe('2026-10-25');
    expect(berlin('2026-10-25T23:00:00.000Z')).toBe('2026-10-26');
  });
});
