/**
 * The station registry's records: the one definition of their shape. Store, routes, admin actions and the
 * dashboard all take their types from here. Browser-safe (zod and the shared contracts only).
 */
import { SCAN_REJECTIONS, serviceId, stationId, WORKER_CATEGORIES } from '@yizhan/shared';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const capacity = z.number().int().positive().max(10_000);
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);
/** `HH:MM-HH:MM` in the hub's zone; may cross midnight. */
const hours = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM-HH:MM');

/** What the office says about a station; the station itself never writes it. */
export const stationProfile = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  /** The levels above the district, for a hub that serves a province or the country; null in a city hub. */
  city: z.string().nullable(),
  province: z.string().nullable(),
  capacity: z.number().int(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});
export type StationProfile = z.infer<typeof stationProfile>;

export const stationRecord = stationProfile.extend({
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  /** The office's service catalog for the station; empty means "as in the station config". */
  services: z.array(z.string()),
  open24h: z.boolean(),
  hours: z.string().nullable(),
});
export type StationRecord = z.infer<typeof stationRecord>;

/** A station in the registry's list (`GET /api/v1/stations`). */
export const stationSummary = stationRecord.pick({
  id: true,
  name: true,
  district: true,
  capacity: true,
  address: true,
  lat: true,
  lng: true,
  lastSeenAt: true,
});
export type StationSummary = z.infer<typeof stationSummary>;

/** A new station as the CLI, the demo and `POST /api/v1/stations` give it. */
export const stationInput = z.strictObject({
  id: stationId,
  name: text(100),
  district: text(100),
  city: text(100).optional(),
  province: text(100).optional(),
  capacity,
  address: text(300).optional(),
  lat: lat.optional(),
  lng: lng.optional(),
});
export type StationInput = z.input<typeof stationInput>;

/** An office edit: any profile field but the id; null clears an optional one. */
export const stationChangeInput = z
  .strictObject({
    name: text(100),
    district: text(100),
    city: text(100).nullable(),
    province: text(100).nullable(),
    capacity,
    address: text(300).nullable(),
    lat: lat.nullable(),
    lng: lng.nullable(),
    open24h: z.boolean(),
    hours: hours.nullable(),
  })
  .partial();
export type StationChangeInput = z.input<typeof stationChangeInput>;
export type StationChange = z.output<typeof stationChangeInput>;

/** Service ids as the kiosk knows them (water, microwave, …). */
export const servicesInput = z.array(serviceId).max(40);

export const issuedToken = z.object({
  station: stationRecord,
  /** Shown once: only its hash is stored. */
  token: z.string(),
});

/** `GET /api/v1/stations/:id/visits`: one local day of a station's visits. */
export const dailyVisits = z.object({
  station: z.string(),
  date: z.iso.date(),
  total: z.number().int(),
  byCategory: z.record(z.enum(WORKER_CATEGORIES), z.number().int()),
  walkIns: z.number().int(),
  /** Only the reasons that occurred that day. */
  rejectedScans: z.partialRecord(z.enum(SCAN_REJECTIONS), z.number().int()),
});
export type DailyVisits = z.infer<typeof dailyVisits>;
