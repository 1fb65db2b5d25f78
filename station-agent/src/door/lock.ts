/**
 * The door lock, commanded in its own firmware's format. The relay closes itself after
 * `openSeconds` (Tasmota PulseTime, Shelly toggle_after), so a lost agent never leaves the door open.
 */
import { shellyGen2Topics, tasmotaTopics } from '@yizhan/shared';
import { z } from 'zod';
import type { LockConfig } from '../config.ts';
import type { DeviceCommand } from '../mqtt/link.ts';

/** Tasmota PulseTime: 1–111 are tenths of a second, 112 and up are whole seconds plus 100. */
export function tasmotaPulseTime(seconds: number): number {
  return seconds <= 11.1 ? Math.max(1, Math.round(seconds * 10)) : Math.round(seconds) + 100;
}

/**
 * The lock's own auto-close, sent when the agent connects and whenever the lock comes back online
 * (a relay replaced or reset must not stay latched open). Shelly and generic locks carry it per command.
 */
export function lockSetup(lock: LockConfig): { whenOnline?: string; commands: DeviceCommand[] } {
  if (lock.format !== 'tasmota') return { commands: [] };
  const t = tasmotaTopics(lock.topic);
  return {
    whenOnline: t.lwt,
    commands: [{ topic: t.command('PulseTime'), payload: String(tasmotaPulseTime(lock.openSeconds)) }],
  };
}

/** `visitId` goes into the generic JSON command so a generic lock can echo it in its answer. */
export function unlockCommand(lock: LockConfig, requestId: number, source: string, visitId?: string): DeviceCommand {
  switch (lock.format) {
    case 'tasmota':
      return { topic: tasmotaTopics(lock.topic).command('POWER'), payload: 'ON' };
    case 'shelly-gen2':
      return {
        topic: shellyGen2Topics(lock.topic).rpc,
        payload: JSON.stringify({
          id: requestId,
          src: source,
          method: 'Switch.Set',
          params: { id: lock.switchId, on: true, toggle_after: lock.openSeconds },
        }),
      };
    case 'generic-json':
      return {
        topic: lock.topic,
        payload: JSON.stringify({ ...lock.payload, openSeconds: lock.openSeconds, ...(visitId ? { visitId } : {}) }),
      };
  }
}

/** Where the lock says it switched: Tasmota's stat topics, Shelly's RPC answers to `source`, a generic topic. */
export function lockAnswerTopics(lock: LockConfig, source: string, genericTopic?: string): string[] {
  switch (lock.format) {
    case 'tasmota': {
      const t = tasmotaTopics(lock.topic);
      return [t.power, t.result];
    }
    case 'shelly-gen2':
      return [`${source}/rpc`];
    case 'generic-json':
      return genericTopic ? [genericTopic] : [];
  }
}

const shellyAnswer = z.object({ id: z.number(), result: z.unknown().optional(), error: z.unknown().optional() });
const tasmotaResult = z.object({ POWER: z.string() }).or(z.object({ POWER1: z.string() }));
const genericAnswer = z.object({ visitId: z.string() });

/**
 * What one message on an answer topic says: `confirmed` with the request it answers when the lock tells
 * (Shelly's RPC id, a generic lock's echoed visitId), else the oldest open unlock; `undefined` when it is
 * not a confirmation (Tasmota's POWER OFF as the pulse ends, an RPC error, noise).
 */
export function readLockAnswer(
  lock: LockConfig,
  topic: string,
  payload: Buffer,
): { requestId?: number; visitId?: string } | undefined {
  const text = payload.toString('utf8').trim();
  switch (lock.format) {
    case 'tasmota': {
      if (topic.endsWith('/POWER')) return text === 'ON' ? {} : undefined;
      const result = tasmotaResult.safeParse(parseJson(text));
      if (!result.success) return undefined;
      const power = 'POWER' in result.data ? result.data.POWER : result.data.POWER1;
      return power === 'ON' ? {} : undefined;
    }
    case 'shelly-gen2': {
      const answer = shellyAnswer.safeParse(parseJson(text));
      if (!answer.success || answer.data.error !== undefined || answer.data.result === undefined) return undefined;
      return { requestId: answer.data.id };
    }
    case 'generic-json': {
      const answer = genericAnswer.safeParse(parseJson(text));
      return answer.success ? { visitId: answer.data.visitId } : {};
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
