/**
 * The live channel between a station and its hub (DESIGN.md, "The live channel"): one WebSocket per station at
 * `/api/v1/stations/{id}/live`, JSON messages `{type, …}` checked by these schemas at both ends. Requests carry
 * an `id` that their answer repeats. The channel is an accelerator, never a dependency: a station without it
 * works as before (door scanner, bundle poll, outbox sync).
 */
import { z } from 'zod';
import { doorResult, label } from './live.ts';

/** Either side pings when it has said nothing for this long; the other answers at once. */
export const CHANNEL_PING_MS = 15_000;
/** Silence (no message at all) for this long ends the connection: the peer or the path is gone. */
export const CHANNEL_SILENCE_MS = 45_000;
/** The largest message a station may send (a PNG of the kiosk's screen); the hub's are far smaller. */
export const CHANNEL_MAX_STATION_MESSAGE = 4 * 1024 * 1024;
export const CHANNEL_MAX_HUB_MESSAGE = 64 * 1024;

const requestId = z.string().min(1).max(64);
const deviceName = z.string().min(1).max(64);

/** Whether the kiosk page on the station's screen is alive (it sends the agent heartbeats). */
export const KIOSK_HEALTH = ['ok', 'not-responding', 'absent'] as const;
export const kioskHealth = z.object({
  status: z.enum(KIOSK_HEALTH),
  /** When the status last changed (ISO time). */
  since: z.string().max(40),
});
export type KioskHealth = z.infer<typeof kioskHealth>;

const ping = z.object({ type: z.literal('ping') });
const pong = z.object({ type: z.literal('pong') });
/** A message the other side could not read: it is answered with this and dropped; the channel stays open. */
const refused = z.object({ type: z.literal('error'), reason: z.string().max(200), ref: requestId.optional() });

export const switchableAppliance = z.object({ id: deviceName, label: label.optional() });
export type SwitchableAppliance = z.infer<typeof switchableAppliance>;

export const POWER_REFUSALS = ['unknown-device', 'not-switchable', 'not-published'] as const;
export const SCREEN_REFUSALS = ['no-kiosk', 'capture-failed', 'too-large'] as const;

export const hubMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), stationId: z.string().max(64), at: z.string().max(40) }),
  ping,
  pong,
  refused,
  /** Something the station's bundle is made of changed: fetch it now instead of at the next poll. */
  z.object({ type: z.literal('bundle.changed') }),
  /** A phone at the door, checked by the hub: `admission` is a `YZA1.…` token (shared/src/admission.ts). */
  z.object({ type: z.literal('admission'), id: requestId, admission: z.string().min(1).max(1024) }),
  /** The office switches an appliance's plug; `by` is the operator, for the kiosk and the station's log. */
  z.object({
    type: z.literal('appliance.power'),
    id: requestId,
    device: deviceName,
    on: z.boolean(),
    by: z.string().min(1).max(64),
  }),
  z.object({ type: z.literal('screen.capture'), id: requestId }),
]);
export type HubMessage = z.infer<typeof hubMessage>;

export const stationMessage = z.discriminatedUnion('type', [
  /** The station's first message: the public half of the key its door QR codes are signed with. */
  z.object({
    type: z.literal('hello'),
    doorKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a raw Ed25519 public key, base64url'),
    kiosk: kioskHealth.optional(),
    /** The appliances on plugs the office may switch (remote power). */
    appliances: z.array(switchableAppliance).max(100).optional(),
  }),
  ping,
  pong,
  refused,
  z.object({ type: z.literal('admission.result'), id: requestId, result: doorResult }),
  z.object({
    type: z.literal('appliance.power.result'),
    id: requestId,
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), on: z.boolean() }),
      z.object({ ok: z.literal(false), reason: z.enum(POWER_REFUSALS) }),
    ]),
  }),
  z.object({
    type: z.literal('screen.capture.result'),
    id: requestId,
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), png: z.base64().max(CHANNEL_MAX_STATION_MESSAGE), takenAt: z.string().max(40) }),
      z.object({ ok: z.literal(false), reason: z.enum(SCREEN_REFUSALS) }),
    ]),
  }),
  z.object({ type: z.literal('kiosk.health'), kiosk: kioskHealth }),
]);
export type StationMessage = z.infer<typeof stationMessage>;

export type ChannelRead<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Reads one frame: JSON, then the schema. A bad frame is a value, never a thrown error. */
export function readChannelMessage<T>(schema: z.ZodType<T>, raw: unknown): ChannelRead<T> {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : String(raw));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`.slice(0, 200) };
}
