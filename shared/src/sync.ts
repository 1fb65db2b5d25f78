import { z } from 'zod';
import { WORKER_CATEGORIES } from './categories.ts';
import {
  announcement,
  DEVICE_KINDS,
  FEEDBACK_CATEGORIES,
  label,
  nearbyStation,
  SCAN_REJECTIONS,
  scheduledEvent,
} from './live.ts';

/** Station ids appear in topics and URLs: lower-case words joined by dashes. */
export const stationId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and dashes')
  .max(64);

const isoTime = z.iso.datetime({ offset: true });

/**
 * What an alarm measured, beside its English `detail`: the office shows the alarm in its own words from these
 * (冰箱 9.4 °C，高于 8 °C), so no station's wording reaches a Chinese screen. Every field is optional.
 */
export const alarmFacts = z
  .object({
    temperatureC: z.number(),
    limitC: z.number(),
    batteryPct: z.number(),
    limitPct: z.number(),
    inside: z.number().int(),
    capacity: z.number().int(),
    minutes: z.number(),
    seconds: z.number(),
    /** water-no-power: the plug is offline, or switched off. */
    plug: z.enum(['offline', 'off']),
  })
  .partial();
export type AlarmFacts = z.infer<typeof alarmFacts>;

/** One device of a station as the office names it: its id, kind and the station config's label. */
export const describedDevice = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(DEVICE_KINDS),
  label: label.optional(),
});
export type DescribedDevice = z.infer<typeof describedDevice>;

/** Bodies of the outbox events a station sends (DESIGN.md, "Sync"). */
export const eventBodies = {
  'visit.started': z.object({
    visitId: z.string().min(1).max(64),
    method: z.enum(['code', 'walk-in']),
    category: z.enum(WORKER_CATEGORIES),
    /** An opaque member pseudonym; absent for walk-ins. */
    member: z.string().min(1).max(128).optional(),
  }),
  'visit.ended': z.object({
    visitId: z.string().min(1).max(64),
    reason: z.enum(['exit-scan', 'empty', 'max-stay']),
  }),
  'scan.rejected': z.object({ reason: z.enum(SCAN_REJECTIONS) }),
  'appliance.session': z.object({
    device: z.string().min(1),
    startedAt: isoTime,
    endedAt: isoTime,
    seconds: z.number().nonnegative(),
  }),
  'occupancy.sample': z.object({
    inside: z.number().int().min(0),
    capacity: z.number().int().positive(),
    /**
     * true: sent because the count changed (at most every 15 s), not on the sampling timer. It moves the live
     * figure and the day's peak; only timer samples make the day's average.
     */
    changed: z.boolean().optional(),
  }),
  'alarm.raised': z.object({
    alarmId: z.string(),
    rule: z.string(),
    device: z.string().optional(),
    detail: z.string(),
    facts: alarmFacts.optional(),
  }),
  'alarm.cleared': z.object({ alarmId: z.string(), rule: z.string(), device: z.string().optional() }),
  'device.availability': z.object({ device: z.string(), online: z.boolean() }),
  'feedback.created': z.object({
    feedbackId: z.string().min(1).max(64),
    category: z.enum(FEEDBACK_CATEGORIES),
    place: z.string().max(500).optional(),
  }),
  heartbeat: z.object({ uptimeSeconds: z.number().nonnegative() }),
  /**
   * A worker signed in at an event that asks for it: with the member code at the door (`code`, once per member
   * and occurrence) or by a tap on the kiosk (`tap`, counted apart: nobody's identity). `eventId` is the occurrence's.
   */
  'event.attended': z.object({
    eventId: z.string().min(1).max(128),
    method: z.enum(['code', 'tap']),
    category: z.enum(WORKER_CATEGORIES),
    member: z.string().min(1).max(128).optional(),
  }),
  /** The station's devices with their labels, sent when the agent starts: the office names devices by them. */
  'station.devices': z.object({ devices: z.array(describedDevice).max(200) }),
} as const;

export type EventType = keyof typeof eventBodies;
export const EVENT_TYPES = Object.keys(eventBodies) as EventType[];
export type EventBody<T extends EventType> = z.infer<(typeof eventBodies)[T]>;

const eventEnvelope = <T extends EventType>(type: T) =>
  z.object({
    epoch: z.string().min(8).max(64),
    seq: z.number().int().positive(),
    type: z.literal(type),
    at: isoTime,
    body: eventBodies[type],
  });

export const outboxEvent = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => eventEnvelope(t)) as unknown as [
    ReturnType<typeof eventEnvelope<'visit.started'>>,
    ...ReturnType<typeof eventEnvelope<EventType>>[],
  ],
);
export type OutboxEvent = {
  [T in EventType]: { epoch: string; seq: number; type: T; at: string; body: EventBody<T> };
}[EventType];

export const SYNC_BATCH_MAX = 1000;

/** `POST /api/v1/sync`: one epoch per batch, seqs in any order. */
export const syncRequest = z.object({
  epoch: z.string().min(8).max(64),
  events: z.array(outboxEvent).min(1).max(SYNC_BATCH_MAX),
});
export type SyncRequest = z.infer<typeof syncRequest>;

/** The highest seq of the epoch the hub holds with no gap before it. */
export const syncResponse = z.object({ ackSeq: z.number().int().min(0) });
export type SyncResponse = z.infer<typeof syncResponse>;

export const memberKey = z.object({
  kid: z.string().min(1).max(64),
  alg: z.string(),
  /** The raw 32-byte Ed25519 public key, base64url. */
  publicKey: z.string(),
  retired: z.boolean().default(false),
});
export type MemberKey = z.infer<typeof memberKey>;

/** What the hub sends each station: `GET /api/v1/stations/{id}/bundle`. */
export const bundle = z.object({
  version: z.string(),
  station: z.object({ id: stationId, name: z.string(), district: z.string(), capacity: z.number().int().positive() }),
  memberKeys: z.array(memberKey),
  revokedMembers: z.array(z.string()),
  announcements: z.array(announcement),
  /** Occurrences from now to at least 14 days ahead, recurring ones expanded in the station's zone. */
  events: z.array(scheduledEvent).default([]),
  nearby: z.array(nearbyStation).default([]),
  /** The station's service catalog as the office keeps it; empty means "as in the station config". */
  services: z.array(z.string()).default([]),
  /** The office's replies to this station's feedback, shown back on the kiosk. */
  feedbackReplies: z
    .array(z.object({ feedbackId: z.string(), status: z.string(), reply: z.string(), updatedAt: isoTime }))
    .default([]),
  /** The injury declaration page (工伤探视 码上申报) for this station, shown as a QR on the kiosk. */
  injuryDeclarationUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type Bundle = z.infer<typeof bundle>;
