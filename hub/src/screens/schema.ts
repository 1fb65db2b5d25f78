/** The office's big screen (/screen): its read-only links and what it shows. Browser-safe (zod only). */
import { label, scheduledEvent, WORKER_CATEGORIES } from '@yizhan/shared';
import { z } from 'zod';
import { overview, stationStatus } from '../live/schema.ts';
import { mapTiles } from './map-schema.ts';

/** A read-only link for a wall screen; the token itself is shown once, when it is made. */
export const screenToken = z.object({
  id: z.string(),
  name: z.string(),
  /** The district the screen shows; null: every station of the hub. */
  district: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});
export type ScreenToken = z.infer<typeof screenToken>;

export const screenTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  district: z.string().trim().min(1).max(100).optional(),
});

/** The answer to making one: the record, and the token and the screen's path, shown once. */
export const newScreenToken = z.object({ screen: screenToken, token: z.string(), path: z.string() });

export const screenTokenList = z.object({ screens: z.array(screenToken) });

const categoryCounts = z.record(z.enum(WORKER_CATEGORIES), z.number().int());

/** What the screen shows beside the fleet: the occupation mix, today's hours against last week's, today's events. */
export const screenFigures = z.object({
  mix: z.object({ today: categoryCounts, year: categoryCounts }),
  /** Visits per local hour 0–23 today, and on the same weekday a week ago. */
  hours: z.object({ today: z.array(z.number().int()).length(24), lastWeek: z.array(z.number().int()).length(24) }),
});
export type ScreenFigures = z.infer<typeof screenFigures>;

export const screenEvent = scheduledEvent.extend({
  /** Where: the station's name, its district's, or every station's. */
  where: label,
});

/** Messages of the screen's live socket: the whole picture, then coalesced changes. */
export const screenMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    title: z.string(),
    map: mapTiles,
    overview,
    stations: z.array(stationStatus),
    figures: screenFigures,
    events: z.array(screenEvent),
  }),
  /** The stations' rows, sent right after a snapshot that carries none: the figures show before the map's work. */
  z.object({ type: z.literal('stations'), stations: z.array(stationStatus) }),
  z.object({
    type: z.literal('update'),
    overview,
    stations: z.array(stationStatus),
    figures: screenFigures,
    /** Present when the schedules changed. */
    events: z.array(screenEvent).optional(),
  }),
]);
export type ScreenMessage = z.infer<typeof screenMessage>;
