import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { DoorResult } from '@yizhan/shared';
import { applyLiveMessage, emptyLiveState, type LiveState, parseLiveMessage, reconnectDelayMs } from './live-state.ts';

/** What the model needs to hear from a socket. `close` comes once, after a failed open too. */
export interface LiveSocketEvents {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

/** Opens a socket to `url` and reports to `on`; the browser's WebSocket by default, `ws` in node tests. */
export type OpenLiveSocket = (url: string, on: LiveSocketEvents) => { close(): void };

export const openBrowserSocket: OpenLiveSocket = (url, on) => {
  const socket = new WebSocket(url);
  socket.onopen = () => on.open();
  socket.onmessage = (event) => on.message(event.data);
  // An error is always followed by close, where the reconnect is scheduled.
  socket.onerror = () => {};
  socket.onclose = () => on.close();
  return socket;
};

export interface LiveModelOptions {
  url: string;
  openSocket?: OpenLiveSocket;
  /** How long the door welcome or refusal stays on screen. */
  doorMomentMs?: number;
}

export interface DoorMoment {
  result: DoorResult;
  seq: number;
}

export interface LiveModel {
  state: ReadonlySignal<LiveState>;
  /** True while the socket is open. The last state stays shown while it is false. */
  connected: ReadonlySignal<boolean>;
  /** The door result being shown right now, or null. */
  doorMoment: ReadonlySignal<DoorMoment | null>;
  dismissDoorMoment(): void;
  start(): void;
  stop(): void;
}

/** The kiosk's link to its agent: one socket to `/api/live`, reopened with backoff whenever it drops. */
export function createLiveModel({
  url,
  openSocket = openBrowserSocket,
  doorMomentMs = 6_000,
}: LiveModelOptions): LiveModel {
  const state = signal<LiveState>(emptyLiveState);
  const connected = signal(false);
  const doorMoment = signal<DoorMoment | null>(null);

  let socket: { close(): void } | null = null;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let doorTimer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  function dismissDoorMoment() {
    clearTimeout(doorTimer);
    doorMoment.value = null;
  }

  /**
   * A lock's "no answer" comes seconds after its welcome; if another worker's moment is up by then, it stays
   * (the first worker's visit is counted either way, and their door stayed shut in front of them).
   */
  function coversAnother(result: DoorResult): boolean {
    const shown = doorMoment.value?.result;
    return (
      result.ok && result.lock === 'no-answer' && shown !== undefined && (!shown.ok || shown.visitId !== result.visitId)
    );
  }

  function receive(raw: unknown) {
    const parsed = parseLiveMessage(raw);
    if (!parsed.ok) {
      console.warn(`kiosk: ignored an invalid live message (${parsed.error})`);
      return;
    }
    const next = applyLiveMessage(state.value, parsed.message);
    batch(() => {
      state.value = next;
      if (parsed.message.type === 'door' && next.lastDoor && !coversAnother(next.lastDoor.result)) {
        doorMoment.value = next.lastDoor;
        clearTimeout(doorTimer);
        doorTimer = setTimeout(dismissDoorMoment, doorMomentMs);
      }
    });
  }

  function connect() {
    // Each socket reports through its own closure; once replaced or stopped, its late events are ignored.
    const current = openSocket(url, {
      open() {
        if (socket !== current) return;
        attempt = 0;
        connected.value = true;
      },
      message(data) {
        if (socket === current) receive(data);
      },
      close() {
        if (socket !== current) return;
        socket = null;
        connected.value = false;
        reconnectTimer = setTimeout(connect, reconnectDelayMs(attempt));
        attempt += 1;
      },
    });
    socket = current;
  }

  return {
    state,
    connected,
    doorMoment,
    dismissDoorMoment,
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      clearTimeout(reconnectTimer);
      clearTimeout(doorTimer);
      const current = socket;
      socket = null;
      current?.close();
      connected.value = false;
    },
  };
}
