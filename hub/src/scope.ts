/** Which stations a read covers: a district viewer's reads always carry their district. */
export interface StationScope {
  district?: string;
  /** With the district, for a hub where district names repeat across cities (鼓楼区 is in four). */
  city?: string;
  province?: string;
  stationId?: string;
}

/** Local days 'YYYY-MM-DD' from and to, both inclusive, in the hub's zone. */
export interface DayRange extends StationScope {
  from: string;
  to: string;
}
