import { describe, expect, it } from 'vitest';
import { recurrenceWords } from '../../src/schedules/recurrence-words.ts';

describe('a recurrence in words', () => {
  it.each([
    ['FREQ=WEEKLY;BYDAY=MO', '2026-12-07T09:00', '每周一', 'Every Monday'],
    ['FREQ=WEEKLY', '2026-12-09T09:00', '每周三', 'Every Wednesday'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', '2026-12-07T09:00', '每周一、三、五', 'Every Monday, Wednesday and Friday'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', '2026-12-05T09:00', '每2周的周六', 'Every 2 weeks on Saturday'],
    ['FREQ=MONTHLY;BYMONTHDAY=4', '2026-12-04T14:00', '每月4日', 'Monthly on the 4th'],
    ['FREQ=MONTHLY', '2026-12-21T14:00', '每月21日', 'Monthly on the 21st'],
    ['FREQ=MONTHLY;BYDAY=1MO', '2026-12-07T14:00', '每月第一个周一', 'Monthly on the first Monday'],
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', '2026-12-25T14:00', '每月最后一个周五', 'Monthly on the last Friday'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2026-12-31T14:00', '每月最后一天', 'Monthly on the last day'],
    ['FREQ=YEARLY', '2026-12-21T11:00', '每年12月21日', 'Every year on 21 Dec'],
    ['FREQ=DAILY', '2026-12-21T11:00', '每天', 'Daily'],
    ['FREQ=DAILY;INTERVAL=3;COUNT=5', '2026-12-21T11:00', '每3天，共5次', 'Every 3 days, 5 times'],
    [
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131T000000Z',
      '2026-12-01T11:00',
      '每周二，至2027年1月31日',
      'Every Tuesday, until 31 Jan 2027',
    ],
  ])('%s from %s', (rule, start, zh, en) => {
    expect(recurrenceWords(rule, start)).toEqual({ zh, en });
  });

  it('says how often for a rule whose details it does not cover, never the rule itself', () => {
    expect(recurrenceWords('FREQ=HOURLY', '2026-12-01T11:00')).toEqual({ zh: '定期举行', en: 'Repeats' });
  });
});
