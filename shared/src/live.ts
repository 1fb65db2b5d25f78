import { z } from 'zod';
import { WORKER_CATEGORIES } from './categories.ts';

/** Localized text: Chinese first, English beside it. */
export const label = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Label = z.infer<typeof label>;

export const DEVICE_KINDS = ['appliance', 'fridge', 'presence', 'door', 'people-counter', 'sensor'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Normalized values; each name carries its unit. A value the device has not reported is absent, never zero.
 */
export const deviceValues = z
  .object({
    powerW: z.number(),
    energyKWh: z.number(),
    voltageV: z.number(),
    currentA: z.number(),
    on: z.boolean(),
    temperatureC: z.number(),
    humidityPct: z.number(),
    pressureHPa: z.number(),
    occupied: z.boolean(),
    doorOpen: z.boolean(),
    batteryPct: z.number(),
    peopleIn: z.number(),
    peopleOut: z.number(),
    linkQuality: z.number(),
  })
  .partial();
export type DeviceValues = z.infer<typeof deviceValues>;

/** The retained payload of `yizhan/{station}/state/{device}` and the kiosk's view of one device. */
export const deviceState = z.object({
  device: z.string(),
  kind: z.enum(DEVICE_KINDS),
  label: label.optional(),
  online: z.boolean().nullable(),
  updatedAt: z.string().nullable(),
  status: z.string(),
  values: deviceValues,
  /**
   * `false`: the last state known before the agent restarted, shown until the device speaks again (`updatedAt`
   * says how old it is). Absent: the device has been heard since the agent started.
   */
  confirmed: z.literal(false).optional(),
});
export type DeviceState = z.infer<typeof deviceState>;

export const occupancy = z.object({
  inside: z.number().int().min(0),
  capacity: z.number().int().positive(),
  updatedAt: z.string(),
});
export type Occupancy = z.infer<typeof occupancy>;

export const SCAN_REJECTIONS = [
  'malformed',
  'oversized',
  'unsupported-version',
  'wrong-algorithm',
  'unknown-key',
  /** Signed by a key the hub has retired: a leaked or superseded key stops opening doors. */
  'retired-key',
  'bad-signature',
  'expired',
  'not-yet-valid',
  'lifetime-too-long',
  'replayed',
  'revoked',
  /** A phone admission the hub signed for another station (admission.ts): it opens only its own door. */
  'wrong-station',
  /** The station cannot record the visit (e.g. its disk is full): the door stays shut (docs/door.md). */
  'station-unavailable',
] as const;
export type ScanRejection = (typeof SCAN_REJECTIONS)[number];

/** The payload of `yizhan/{station}/door/result`. */
export const doorResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    visitId: z.string(),
    category: z.enum(WORKER_CATEGORIES),
    /** `out`: an exit scan that ended the visit; absent means an entry. */
    direction: z.enum(['in', 'out']).optional(),
    /** Absent on the first result; the result is said again with `no-answer` when the lock did not answer in time. */
    lock: z.enum(['confirmed', 'no-answer']).optional(),
  }),
  z.object({ ok: z.literal(false), reason: z.enum(SCAN_REJECTIONS) }),
]);
export type DoorResult = z.infer<typeof doorResult>;

/** The payload of `yizhan/{station}/door/lock`: what the lock (and the door contact) did after an unlock. */
export const lockOutcome = z.object({
  visitId: z.string(),
  lock: z.enum(['confirmed', 'no-answer']),
  at: z.string(),
});
export type LockOutcome = z.infer<typeof lockOutcome>;

export const stationInfo = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacity: z.number().int().positive(),
});
export type StationInfo = z.infer<typeof stationInfo>;

const isoTime = z.iso.datetime({ offset: true });

/** One occurrence of an event on the station's schedule (the hub expands recurring ones). */
export const scheduledEvent = z.object({
  id: z.string(),
  title: label,
  description: label.optional(),
  /** What to bring, e.g. the union card for the gift pack. */
  bring: label.optional(),
  /** Who it is for, e.g. riders and couriers, women workers. */
  audience: label.optional(),
  startsAt: isoTime,
  endsAt: isoTime,
  recurring: z.boolean().default(false),
  /** How it repeats, in words (每月4日 / Monthly on the 4th); absent for a one-off or from an older hub. */
  repeats: label.optional(),
  /** The event asks workers to sign in (gift packs handed out, a training class counted in person-times). */
  signIn: z.boolean().optional(),
});
export type ScheduledEvent = z.infer<typeof scheduledEvent>;

export const announcement = z.object({ id: z.string(), text: label, startsAt: isoTime, endsAt: isoTime.nullable() });
export type Announcement = z.infer<typeof announcement>;

export const nearbyStation = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  distanceM: z.number().nonnegative(),
  open24h: z.boolean(),
  /** Opening hours when not open all day, e.g. "08:00-20:00" in the station's zone. */
  hours: z.string().optional(),
});
export type NearbyStation = z.infer<typeof nearbyStation>;

export const FEEDBACK_CATEGORIES = ['signage', 'gate', 'no-signal', 'unsafe', 'broken', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

/** The office's reply to a problem reported at this station, as the kiosk lists it. */
export const caseReply = z.object({
  /** The number the worker was given when reporting (see caseNumberOf). */
  caseNumber: z.string(),
  /** Absent when the station no longer has the report (forgotten after its retention). */
  category: z.enum(FEEDBACK_CATEGORIES).optional(),
  status: z.string(),
  reply: z.string(),
  updatedAt: z.string(),
});
export type CaseReply = z.infer<typeof caseReply>;

/**
 * The short number a worker is given for a reported problem and finds the reply under: the first six letters
 * or digits of the report's id, upper-cased (a random UUID: six hex digits, 16.7 million numbers). The same
 * function on the agent, the hub and the dashboard, so the number never travels on its own.
 */
export function caseNumberOf(feedbackId: string): string {
  return feedbackId
    .replace(/[^0-9a-z]/gi, '')
    .slice(0, 6)
    .toUpperCase();
}

/** How the kiosk behaves on the wall (the station config's `kiosk:` section); times in the station's zone. */
export const kioskDisplay = z.object({
  idleSeconds: z.number().int().positive(),
  nightMode: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type KioskDisplay = z.infer<typeof kioskDisplay>;

/** What the kiosk shows besides live device state: from the station config and the hub's bundle. */
export const kioskContent = z.object({
  services: z.array(z.string()),
  events: z.array(scheduledEvent),
  announcements: z.array(announcement),
  nearby: z.array(nearbyStation),
  /** The office's replies to this station's recent reports, newest first. */
  replies: z.array(caseReply).default([]),
  /** The union's sign-up page, shown as a QR code. */
  joinUnionUrl: z.string().optional(),
  /** The union's injury declaration page (工伤探视 码上申报) from the hub's bundle, shown as a QR code. */
  injuryDeclarationUrl: z.string().optional(),
  timezone: z.string(),
  display: kioskDisplay.optional(),
});
export type KioskContent = z.infer<typeof kioskContent>;

/**
 * The door QR the kiosk shows (the phone scans the door): a hub URL carrying the station's signed code. The
 * agent draws it (`GET /api/door/qr.svg`), so the kiosk ships no QR library.
 */
export const doorQr = z.object({
  url: z.string(),
  /** The code changes at this time (the next 30 s window). */
  changesAt: z.string(),
});
export type DoorQr = z.infer<typeof doorQr>;

/** An appliance the office switched off remotely, or the opening hours did (`autoOff`): the kiosk says so. */
export const switchedOff = z.object({
  device: z.string(),
  by: z.enum(['office', 'opening-hours']),
  at: z.string(),
});
export type SwitchedOff = z.infer<typeof switchedOff>;

/** Messages the agent sends to the kiosk over its WebSocket (`/api/live`). */
export const liveMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    station: stationInfo,
    devices: z.array(deviceState),
    occupancy: occupancy.optional(),
    content: kioskContent.optional(),
    /** Null while the live channel to the hub is down: a phone could not open the door. */
    doorQr: doorQr.nullable().optional(),
    switchedOff: z.array(switchedOff).optional(),
  }),
  z.object({ type: z.literal('switched-off'), switchedOff: z.array(switchedOff) }),
  z.object({ type: z.literal('device'), state: deviceState }),
  z.object({ type: z.literal('door-qr'), doorQr: doorQr.nullable() }),
  z.object({ type: z.literal('door'), result: doorResult }),
  z.object({ type: z.literal('occupancy'), occupancy }),
  z.object({ type: z.literal('content'), content: kioskContent }),
  /** A worker signed in at a running event: the kiosk says 已签到 with the event's title. */
  z.object({ type: z.literal('attended'), title: label, method: z.enum(['code', 'tap']) }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;

/** The kiosk page says it is alive this often; the agent reports a page silent for long as not responding. */
export const KIOSK_HEARTBEAT_MS = 5_000;

/** Messages the kiosk sends to the agent over the same WebSocket. */
export const kioskMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('heartbeat') })]);
export type KioskMessage = z.infer<typeof kioskMessage>;
