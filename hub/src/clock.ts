/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

const QUARTER_MS = 15 * 60_000;
const CACHED_QUARTERS = 4096;

/**
 * The local hour (`YYYY-MM-DDTHH`) of an instant in `timeZone`; its first 10 characters are the local day.
 * Sync dates every event, and Intl formatting costs microseconds, so results are cached per UTC quarter
 * hour: today's zone offsets are whole quarter hours, so a quarter lies inside one local hour. A quarter
 * that does not (historic offsets such as Shanghai's +08:05:43 before 1901) is formatted per instant.
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
