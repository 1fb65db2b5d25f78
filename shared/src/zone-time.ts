/**
 * Wall time in a named zone (Asia/Shanghai for the demo), whatever zone the machine itself is set to. The one
 * module for hub, agent, kiosk and dashboard: local days and hours that visits count under, "today" on a
 * screen, opening hours and night windows, and schedules kept as wall-clock times. Browser-safe (Intl only).
 */

const QUARTER_MS = 15 * 60_000;
const CACHED_QUARTERS = 4096;
const DAY_MS = 86_400_000;

/**
 * The local hour (`YYYY-MM-DDTHH`) of an instant (ms or ISO text) in `timeZone`; its first 10 characters are
 * the local day. Sync dates every event and Intl formatting costs microseconds, so results are cached per UTC
 * quarter hour: today's zone offsets are whole quarter hours, so a quarter lies inside one local hour. A
 * quarter that does not (historic offsets such as Shanghai's +08:05:43 before 1901) is formatted per instant.
 */
export function localHourOf(timeZone: string): (instant: number | string) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
  });
  const formatHour = (ms: number): string => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
  };
  // undefined: the quarter spans two local hours, so it cannot be cached.
  const cache = new Map<number, string | undefined>();
  const hourOfQuarter = (quarter: number, ms: number): string => {
    let hour = cache.get(quarter);
    if (hour === undefined && !cache.has(quarter)) {
      const first = formatHour(quarter * QUARTER_MS);
      hour = first === formatHour((quarter + 1) * QUARTER_MS - 1) ? first : undefined;
      if (cache.size >= CACHED_QUARTERS) cache.clear();
      cache.set(quarter, hour);
    }
    return hour ?? formatHour(ms);
  };
  // A batch's times are mostly in one UTC quarter: an ISO UTC text ('YYYY-MM-DDTHH:MM…Z') in the same
  // quarter as the last one parsed is answered from its text, without Date.parse.
  let lastPrefix = '';
  let lastMinuteQuarter = -1;
  let lastHour = '';
  return (instant) => {
    if (typeof instant === 'string') {
      const minuteQuarter = isoUtc(instant) ? minuteQuarterOf(instant) : -1;
      if (minuteQuarter === lastMinuteQuarter && minuteQuarter >= 0 && instant.startsWith(lastPrefix)) return lastHour;
      const ms = Date.parse(instant);
      const hour = hourOfQuarter(Math.floor(ms / QUARTER_MS), ms);
      if (minuteQuarter >= 0 && cache.get(Math.floor(ms / QUARTER_MS)) === hour) {
        lastPrefix = instant.slice(0, 14);
        lastMinuteQuarter = minuteQuarter;
        lastHour = hour;
      }
      return hour;
    }
    return hourOfQuarter(Math.floor(instant / QUARTER_MS), instant);
  };
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?Z$/;
const isoUtc = (text: string): boolean => text.charCodeAt(text.length - 1) === 90 && ISO_UTC.test(text);
/** 0–3: which quarter of its hour the ISO text's minute ('…THH:MM') is in. */
const minuteQuarterOf = (text: string): number =>
  Math.floor(((text.charCodeAt(14) - 48) * 10 + text.charCodeAt(15) - 48) / 15);

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`: visits are counted per local day,
 * so a 23:30 UTC visit in Shanghai belongs to the next date.
 */
export function localDayOf(timeZone: string): (instant: number | string) => string {
  const localHour = localHourOf(timeZone);
  return (instant) => localHour(instant).slice(0, 10);
}

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

export function zonedParts(date: Date | number, timeZone: string): ZonedParts {
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
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
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

/** Minutes since midnight of a wall-clock `HH:MM`. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `date` falls in the daily window `from`–`to` (`HH:MM`, `to` exclusive) in the zone. A window that
 * crosses midnight (22:00–06:00) holds outside its gap; an empty one (`from` = `to`) never holds.
 */
export function inDailyWindow(date: Date | number, timeZone: string, window: { from: string; to: string }): boolean {
  const now = zonedParts(date, timeZone).minutes;
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** Wall-clock 'YYYY-MM-DDTHH:MM' as if it were UTC: the "floating" time recurrences are expanded in. */
export function floatingMs(local: string): number {
  return Date.parse(`${local}:00.000Z`);
}

/** Converts between real instants and floating wall-clock time in one zone. */
export interface ZoneClock {
  /** Floating wall-clock ms → the real instant in the zone. */
  toInstant(floating: number): number;
  /** A real instant → floating wall-clock ms. */
  toFloating(instant: number): number;
  /** A real instant → 'YYYY-MM-DDTHH:MM' in the zone. */
  localMinute(instant: number): string;
}

export function zoneClock(timeZone: string): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // The zone's offset from UTC at an instant, in ms (positive east of Greenwich).
  const offsetMs = (instant: number): number => {
    const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
    const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    return wall - Math.floor(instant / 1000) * 1000;
  };
  const toFloating = (instant: number) => instant + offsetMs(instant);
  return {
    toFloating,
    toInstant: (floating) => floating - offsetMs(floating - offsetMs(floating)),
    localMinute: (instant) => new Date(toFloating(instant)).toISOString().slice(0, 16),
  };
}

/** Local days [from, to] (inclusive, `YYYY-MM-DD`) as the UTC instants [fromIso, toIso). */
export function instantRange(zone: ZoneClock, from: string, to: string): { fromIso: string; toIso: string } {
  return {
    fromIso: new Date(zone.toInstant(floatingMs(`${from}T00:00`))).toISOString(),
    toIso: new Date(zone.toInstant(floatingMs(`${to}T00:00`) + DAY_MS)).toISOString(),
  };
}
