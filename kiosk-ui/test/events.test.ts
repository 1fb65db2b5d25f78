import type { ScheduledEvent } from '@yizhan/shared';
import { describe, expect, it } from 'vitest';
import { currentAnnouncements, eventWeek } from '../src/model/events.ts';

const ZONE = 'Asia/Shanghai';
const event = (id: string, startsAt: string, endsAt: string): ScheduledEvent => ({
  id,
  title: { zh: id, en: id },
  startsAt,
  endsAt,
  recurring: false,
});

describe('eventWeek', () => {
  // Monday 21 December 2026, 10:00 in Xuzhou (02:00 UTC).
  const now = new Date('2026-12-21T02:00:00Z');
  const events = [
    event('overnight', '2026-12-20T22:00:00+08:00', '2026-12-21T12:00:00+08:00'),
    event('ended', '2026-12-21T07:00:00+08:00', '2026-12-21T09:00:00+08:00'),
    event('haircut', '2026-12-21T09:00:00+08:00', '2026-12-21T11:00:00+08:00'),
    // 23:30 in Xuzhou is still today there, though it is the 21st 15:30 UTC.
    event('late', '2026-12-21T23:30:00+08:00', '2026-12-22T00:30:00+08:00'),
    // 00:30 on the 22nd in Xuzhou is the 21st in UTC: it belongs to tomorrow.
    event('early', '2026-12-22T00:30:00+08:00', '2026-12-22T01:30:00+08:00'),
    event('legal-aid', '2026-12-23T14:00:00+08:00', '2026-12-23T17:00:00+08:00'),
    event('sunday', '2026-12-27T09:00:00+08:00', '2026-12-27T10:00:00+08:00'),
    event('next-monday', '2026-12-28T09:00:00+08:00', '2026-12-28T11:00:00+08:00'),
  ];

  it('splits today from the next six days in the station zone and drops what has ended', () => {
    const week = eventWeek(events, now, ZONE);
    expect(week.today.map((e) => e.id)).toEqual(['overnight', 'haircut', 'late']);
    expect(week.week.map((d) => [d.day, d.events.map((e) => e.id)])).toEqual([
      ['2026-12-22', ['early']],
      ['2026-12-23', ['legal-aid']],
      ['2026-12-27', ['sunday']],
    ]);
  });
});

describe('currentAnnouncements', () => {
  it('keeps those that have started and not ended', () => {
    const now = new Date('2026-12-21T02:00:00Z');
    const text = { zh: '通知', en: 'Notice' };
    const list = [
      { id: 'open-ended', text, startsAt: '2026-11-01T00:00:00Z', endsAt: null },
      { id: 'future', text, startsAt: '2026-12-22T00:00:00Z', endsAt: null },
      { id: 'over', text, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-21T01:59:59Z' },
      { id: 'running', text, startsAt: '2026-12-20T00:00:00Z', endsAt: '2026-12-24T08:00:00Z' },
    ];
    expect(currentAnnouncements(list, now).map((a) => a.id)).toEqual(['open-ended', 'running']);
  });
});
