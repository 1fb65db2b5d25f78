/** Whether the station is open at a moment, by its opening hours in its own time zone. */
export type OpeningHours = '24h' | { from: string; to: string };

export function openingHoursClock(hours: OpeningHours, timezone: string): (at: number) => boolean {
  if (hours === '24h') return () => true;
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const from = minutes(hours.from);
  const to = minutes(hours.to);
  return (at) => {
    const now = minutes(format.format(at));
    // A period that crosses midnight (22:00-06:00) is open outside the closed gap.
    return from <= to ? now >= from && now < to : now >= from || now < to;
  };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
