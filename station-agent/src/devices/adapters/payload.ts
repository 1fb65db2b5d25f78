/** Shared first steps for every adapter: size, encoding and JSON, each refused with its own reason. */
import type { z } from 'zod';
import type { DeviceMessage } from './types.ts';

/** No device we read sends more than a few kilobytes; Tasmota's largest STATUS is about 2 KB. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function payloadText(payload: Buffer): string | Extract<DeviceMessage, { kind: 'rejected' }> {
  if (payload.length === 0) return { kind: 'rejected', reason: 'empty', detail: 'empty payload' };
  if (payload.length > MAX_PAYLOAD_BYTES) {
    return { kind: 'rejected', reason: 'too-large', detail: `${payload.length} bytes` };
  }
  try {
    return utf8.decode(payload);
  } catch {
    return { kind: 'rejected', reason: 'not-utf8', detail: 'payload is not UTF-8 text' };
  }
}

export function payloadJson<T>(
  payload: Buffer,
  schema: z.ZodType<T>,
): T | Extract<DeviceMessage, { kind: 'rejected' }> {
  const text = payloadText(payload);
  if (typeof text !== 'string') return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'rejected', reason: 'not-json', detail: (err as Error).message };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'rejected', reason: 'schema', detail: `${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
  }
  return parsed.data;
}

export const rejected = (
  reason: Extract<DeviceMessage, { kind: 'rejected' }>['reason'],
  detail: string,
): Extract<DeviceMessage, { kind: 'rejected' }> => ({ kind: 'rejected', reason, detail });

export const isRejection = (v: unknown): v is Extract<DeviceMessage, { kind: 'rejected' }> =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'rejected';

/** Drops keys whose value is undefined or null (not reported), so an absent reading stays absent. */
export function present<T extends object>(values: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const out: { [K in keyof T]?: NonNullable<T[K]> } = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined && value !== null) out[key] = value as NonNullable<T[typeof key]>;
  }
  return out;
}

/** A device's topic names, built once per device: adapters compare every message's topic with them. */
export function topicsOnce<T>(build: (topic: string) => T): (topic: string) => T {
  const built = new Map<string, T>();
  return (topic) => {
    let t = built.get(topic);
    if (t === undefined) {
      t = build(topic);
      built.set(topic, t);
    }
    return t;
  };
}
