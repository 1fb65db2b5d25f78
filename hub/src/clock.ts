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
