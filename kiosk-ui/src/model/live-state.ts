import {
  backoffDelayMs,
  type DeviceState,
  type DoorQr,
  type DoorResult,
  type KioskContent,
  type Label,
  type LiveMessage,
  liveMessage,
  type Occupancy,
  type StationInfo,
  type SwitchedOff,
} from '@yizhan/shared';

/** What the kiosk knows about its station, built only from the agent's live messages. */
export interface LiveState {
  station: StationInfo | null;
  /** Device states by id, in the order the agent first listed them. */
  devices: ReadonlyMap<string, DeviceState>;
  /** The last door result; `seq` grows with every door message so two equal results are still two moments. */
  lastDoor: { result: DoorResult; seq: number } | null;
  /** The last sign-in at a running event (已签到), shown beside the welcome. */
  lastAttended: { title: Label; method: 'code' | 'tap'; seq: number } | null;
  occupancy: Occupancy | null;
  /** Services, events, announcements, nearby stations: null until the first snapshot. */
  content: KioskContent | null;
  /** The door QR for phones; null while the station's live channel to the hub is down; undefined without one. */
  doorQr: DoorQr | null | undefined;
  /** Appliances the office (or the opening hours) switched off. */
  switchedOff: SwitchedOff[];
}

export const emptyLiveState: LiveState = {
  station: null,
  devices: new Map(),
  lastDoor: null,
  lastAttended: null,
  occupancy: null,
  content: null,
  doorQr: undefined,
  switchedOff: [],
};

/** Pure: the state after one message. A snapshot replaces the device list; a device update merges into it. */
export function applyLiveMessage(state: LiveState, message: LiveMessage): LiveState {
  switch (message.type) {
    case 'snapshot':
      return {
        ...state,
        station: message.station,
        devices: new Map(message.devices.map((device) => [device.device, device])),
        // An agent that has not counted anyone yet sends none: the last known figure would be a guess.
        occupancy: message.occupancy ?? null,
        content: message.content ?? state.content,
        doorQr: message.doorQr,
        switchedOff: message.switchedOff ?? [],
      };
    case 'device': {
      const devices = new Map(state.devices);
      devices.set(message.state.device, message.state);
      return { ...state, devices };
    }
    case 'door':
      return { ...state, lastDoor: { result: message.result, seq: (state.lastDoor?.seq ?? 0) + 1 } };
    case 'occupancy':
      return { ...state, occupancy: message.occupancy };
    case 'content':
      return { ...state, content: message.content };
    case 'door-qr':
      return { ...state, doorQr: message.doorQr };
    case 'switched-off':
      return { ...state, switchedOff: message.switchedOff };
    case 'attended':
      return {
        ...state,
        lastAttended: { title: message.title, method: message.method, seq: (state.lastAttended?.seq ?? 0) + 1 },
      };
  }
}

export type ParsedLiveMessage = { ok: true; message: LiveMessage } | { ok: false; error: string };

/** Every frame from the socket is outside input: JSON first, then the `liveMessage` contract. */
export function parseLiveMessage(raw: unknown): ParsedLiveMessage {
  if (typeof raw !== 'string') return { ok: false, error: 'not a text frame' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = liveMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, message: parsed.data };
}

/** Reconnect delay after `attempt` failed tries (0-based): 0.5 s doubling to 10 s, with ±20 % jitter. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, KIOSK_BACKOFF, random);
}
const KIOSK_BACKOFF = { firstMs: 500, maxMs: 10_000, jitter: 0.2 };

/** The live socket is on the page's own host: `ws://host/api/live`, or `wss://` when the page is https. */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
}
