/** The report tables by name: read by the API's routes and offered by the dashboard's export page. */
export const REPORT_TABLES = [
  'visits-daily',
  'visits-hourly',
  'visits-monthly',
  'district-visits',
  'members-daily',
  'members-monthly',
  'appliances',
  'occupancy',
  'rejections',
  'alarms',
  'feedback',
  'attendance',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];
