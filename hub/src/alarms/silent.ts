/** The alarm the hub raises itself for a station it has not heard from (alarm-watch.ts). */
export const SILENT_RULE = 'station-silent';
