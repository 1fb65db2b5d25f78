/** Which stations a read covers: a district viewer's reads always carry their district. */
export interface StationScope {
  district?: string;
  stationId?: string;
}

/** Local days 'YYYY-MM-DD' from and to, both inclusive, in the hub's zone. */
export interface DayRange extends StationScope {
  from: string;
  to: string;
}
