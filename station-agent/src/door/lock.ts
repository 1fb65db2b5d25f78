/**
 * The door lock, commanded in its own firmware's format. The relay closes itself after
 * `openSeconds` (Tasmota PulseTime, Shelly toggle_after), so a lost agent never leaves the door open.
 */
import { shellyGen2Topics, tasmotaTopics } from '@yizhan/shared';
import type { LockConfig } from '../config.ts';

export interface LockCommand {
  topic: string;
  payload: string;
}

/** Tasmota PulseTime: 1–111 are tenths of a second, 112 and up are whole seconds plus 100. */
export function tasmotaPulseTime(seconds: number): number {
  return seconds <= 11.1 ? Math.max(1, Math.round(seconds * 10)) : Math.round(seconds) + 100;
}

/**
 * The lock's own auto-close, sent when the agent connects and whenever the lock comes back online
 * (a relay replaced or reset must not stay latched open). Shelly and generic locks carry it per command.
 */
export function lockSetup(lock: LockConfig): { whenOnline?: string; commands: LockCommand[] } {
  if (lock.format !== 'tasmota') return { commands: [] };
  const t = tasmotaTopics(lock.topic);
  return {
    whenOnline: t.lwt,
    commands: [{ topic: t.command('PulseTime'), payload: String(tasmotaPulseTime(lock.openSeconds)) }],
  };
}

export function unlockCommand(lock: LockConfig, requestId: number, source: string): LockCommand {
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
      return { topic: lock.topic, payload: JSON.stringify({ ...lock.payload, openSeconds: lock.openSeconds }) };
  }
}
