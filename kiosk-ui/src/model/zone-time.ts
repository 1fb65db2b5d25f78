/**
 * Wall time in the station's zone (Asia/Shanghai by default), whatever zone the kiosk's machine is set to.
 * Everything the kiosk says about "today", "this week", an event's hours or night mode goes through here.
 */

export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone: a day's identity. */
  day: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since the zone's midnight. */
  minutes: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormat(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The day `n` days after `day` (`YYYY-MM-DD`), by the calendar. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** `HH:MM` in the zone, 24-hour. */
export function clockText(date: Date, timeZone: string): string {
  const { minutes } = zonedParts(date, timeZone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** e.g. 12月21日 星期一 / Monday 21 December, for the zone's date of `date`. */
export function dateText(date: Date, timeZone: string, lang: 'zh' | 'en'): string {
  return date.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  });
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Whether `date` falls in the nightly window `from`–`to` (which may cross midnight) in the zone. */
export function inNightWindow(date: Date, timeZone: string, window: { from: string; to: string }): boolean {
  const now = zonedParts(date, timeZone).minutes;
  const from = toMinutes(window.from);
  const to = toMinutes(window.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}
