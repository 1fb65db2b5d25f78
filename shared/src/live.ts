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
  'bad-signature',
  'expired',
  'not-yet-valid',
  'lifetime-too-long',
  'replayed',
  'revoked',
] as const;
export type ScanRejection = (typeof SCAN_REJECTIONS)[number];

/** The payload of `yizhan/{station}/door/result`. */
export const doorResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), visitId: z.string(), category: z.enum(WORKER_CATEGORIES) }),
  z.object({ ok: z.literal(false), reason: z.enum(SCAN_REJECTIONS) }),
]);
export type DoorResult = z.infer<typeof doorResult>;

export const stationInfo = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacity: z.number().int().positive(),
});
export type StationInfo = z.infer<typeof stationInfo>;

/** Messages the agent sends to the kiosk over its WebSocket (`/api/live`). */
export const liveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), station: stationInfo, devices: z.array(deviceState) }),
  z.object({ type: z.literal('device'), state: deviceState }),
  z.object({ type: z.literal('door'), result: doorResult }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;
