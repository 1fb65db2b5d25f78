/**
 * A recurrence in words, Chinese and English (每月4日 / Monthly on the 4th, 每周一 / Every Monday), from the
 * RRULE body the office keeps and the wall-clock start it repeats from. Read from the rule itself (the parts
 * input.ts accepts), so the kiosk and the dashboard say the same thing. Browser-safe: no rrule library.
 */
import type { Label } from '@yizhan/shared';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const DAY_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ORDINAL_ZH: Record<string, string> = {
  '1': '第一个',
  '2': '第二个',
  '3': '第三个',
  '4': '第四个',
  '-1': '最后一个',
};
const ORDINAL_EN: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

interface Weekday {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** '1', '2', '-1'…: the nth such weekday of the month; '' for every one. */
  nth: string;
}

const nthEn = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

const joinEn = (words: string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

function weekdaysOf(value: string | undefined, setPos: string | undefined): Weekday[] {
  if (!value) return [];
  return value.split(',').flatMap((part) => {
    const match = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part);
    if (!match) return [];
    return [{ day: DAYS.indexOf(match[2] as (typeof DAYS)[number]), nth: (match[1] ?? setPos ?? '').replace('+', '') }];
  });
}

/** The weekday (0 = Monday) of a wall-clock 'YYYY-MM-DD…'. */
const weekdayOfDay = (local: string): number => (new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;

/**
 * The words for `rrule` repeating from `startsLocal` ('YYYY-MM-DDTHH:MM'). A rule with parts these words do
 * not cover still gets its frequency ("每月" / "Monthly"), never the rule's text.
 */
export function recurrenceWords(rrule: string, startsLocal: string): Label {
  const parts = new Map(
    rrule.split(';').map((p) => {
      const [key, value] = p.split('=');
      return [key ?? '', value ?? ''] as const;
    }),
  );
  const freq = parts.get('FREQ');
  const interval = Number(parts.get('INTERVAL') ?? '1') || 1;
  const weekdays = weekdaysOf(parts.get('BYDAY'), parts.get('BYSETPOS'));
  const monthDays = (parts.get('BYMONTHDAY') ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n !== 0);
  const months = (parts.get('BYMONTH') ?? '').split(',').filter(Boolean).map(Number);
  const startMonth = Number(startsLocal.slice(5, 7));
  const startDay = Number(startsLocal.slice(8, 10));

  const dayZh = (n: number) => (n < 0 ? (n === -1 ? '最后一天' : `倒数第${-n}天`) : `${n}日`);
  const dayEn = (n: number) => (n < 0 ? (n === -1 ? 'the last day' : `${-n} days before the end`) : `the ${nthEn(n)}`);
  const weekdayZh = (w: Weekday) => `${ORDINAL_ZH[w.nth] ?? ''}周${DAY_ZH[w.day]}`;
  const weekdayEn = (w: Weekday) => `${ORDINAL_EN[w.nth] ? `the ${ORDINAL_EN[w.nth]} ` : ''}${DAY_EN[w.day]}`;

  let zh: string;
  let en: string;
  switch (freq) {
    case 'DAILY':
      zh = interval === 1 ? '每天' : `每${interval}天`;
      en = interval === 1 ? 'Daily' : `Every ${interval} days`;
      break;
    case 'WEEKLY': {
      const days = weekdays.length > 0 ? weekdays : [{ day: weekdayOfDay(startsLocal), nth: '' }];
      const sorted = [...days].sort((a, b) => a.day - b.day);
      zh = `${interval === 1 ? '每周' : `每${interval}周的周`}${sorted.map((w) => DAY_ZH[w.day]).join('、')}`;
      en = `${interval === 1 ? 'Every' : `Every ${interval} weeks on`} ${joinEn(sorted.map((w) => DAY_EN[w.day]!))}`;
      break;
    }
    case 'MONTHLY': {
      const every = interval === 1 ? '每月' : `每${interval}个月的`;
      const everyEn = interval === 1 ? 'Monthly' : `Every ${interval} months`;
      if (weekdays.length > 0 && monthDays.length === 0) {
        zh = `${every}${weekdays.map(weekdayZh).join('、')}`;
        en = `${everyEn} on ${joinEn(weekdays.map(weekdayEn))}`;
      } else {
        const days = monthDays.length > 0 ? monthDays : [startDay];
        zh = `${every}${days.map(dayZh).join('、')}`;
        en = `${everyEn} on ${joinEn(days.map(dayEn))}`;
      }
      break;
    }
    case 'YEARLY': {
      const inMonths = months.length > 0 ? months : [startMonth];
      const days = monthDays.length > 0 ? monthDays : [startDay];
      const every = interval === 1 ? '每年' : `每${interval}年的`;
      zh = `${every}${inMonths.map((m) => `${m}月`).join('、')}${days.map(dayZh).join('、')}`;
      en = `${interval === 1 ? 'Every year' : `Every ${interval} years`} on ${joinEn(
        inMonths.flatMap((m) =>
          days.map((d) => (d > 0 ? `${d} ${MONTH_EN[m - 1]}` : `${dayEn(d)} of ${MONTH_EN[m - 1]}`)),
        ),
      )}`;
      break;
    }
    default:
      return { zh: '定期举行', en: 'Repeats' };
  }
  const count = Number(parts.get('COUNT') ?? '0');
  if (count > 0) {
    zh += `，共${count}次`;
    en += `, ${count} times`;
  }
  const until = /^(\d{4})(\d{2})(\d{2})/.exec(parts.get('UNTIL') ?? '');
  if (until) {
    zh += `，至${Number(until[1])}年${Number(until[2])}月${Number(until[3])}日`;
    en += `, until ${Number(until[3])} ${MONTH_EN[Number(until[2]) - 1]} ${until[1]}`;
  }
  return { zh, en };
}
