/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`: visits are counted per local day,
 * so a 23:30 UTC visit in Shanghai belongs to the next date.
 */
export function localDayOf(timeZone: string): (instant: number | string) => string {
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant) => format.format(new Date(instant));
}

/**
 * The local hour (`YYYY-MM-DDTHH`) of an instant in `timeZone`; its first 10 characters are the local day.
 * Sync dates every event, so results are cached per quarter hour (every zone offset is a multiple of 15 min).
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
  const QUARTER_MS = 15 * 60_000;
  const cache = new Map<number, string>();
  return (instant) => {
    const ms = typeof instant === 'number' ? instant : Date.parse(instant);
    const quarter = Math.floor(ms / QUARTER_MS);
    let hour = cache.get(quarter);
    if (hour === undefined) {
      const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
      hour = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
      if (cache.size >= 4096) cache.clear();
      cache.set(quarter, hour);
    }
    return hour;
  };
}
