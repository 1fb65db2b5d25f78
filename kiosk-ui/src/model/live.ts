import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { KIOSK_HEARTBEAT_MS, type KioskMessage } from '@yizhan/shared';
import { createDoorMoments, DEFAULT_DOOR_MOMENT_TIMES, type DoorMoment } from './door-moments.ts';
import { applyLiveMessage, emptyLiveState, type LiveState, parseLiveMessage, reconnectDelayMs } from './live-state.ts';

export type { DoorMoment } from './door-moments.ts';

const KIOSK_HEARTBEAT = JSON.stringify({ type: 'heartbeat' } satisfies KioskMessage);

/** What the model needs to hear from a socket. `close` comes once, after a failed open too. */
export interface LiveSocketEvents {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

/** Opens a socket to `url` and reports to `on`; the browser's WebSocket by default, `ws` in node tests. */
export type OpenLiveSocket = (url: string, on: LiveSocketEvents) => LiveSocket;

export interface LiveSocket {
  send(data: string): void;
  close(): void;
}

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
  /** A refusal stays at least this long, uncovered by anyone's welcome. */
  refusalMinMs?: number;
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
  doorMomentMs = DEFAULT_DOOR_MOMENT_TIMES.showMs,
  refusalMinMs = Math.min(DEFAULT_DOOR_MOMENT_TIMES.refusalMinMs, doorMomentMs),
}: LiveModelOptions): LiveModel {
  const state = signal<LiveState>(emptyLiveState);
  const connected = signal(false);
  const moments = createDoorMoments({ showMs: doorMomentMs, refusalMinMs });

  let socket: LiveSocket | null = null;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  function receive(raw: unknown) {
    const parsed = parseLiveMessage(raw);
    if (!parsed.ok) {
      console.warn(`kiosk: ignored an invalid live message (${parsed.error})`);
      return;
    }
    const next = applyLiveMessage(state.value, parsed.message);
    batch(() => {
      state.value = next;
      if (parsed.message.type === 'door') moments.arrive(parsed.message.result);
    });
  }

  function connect() {
    // Each socket reports through its own closure; once replaced or stopped, its late events are ignored.
    const current = openSocket(url, {
      open() {
        if (socket !== current) return;
        attempt = 0;
        connected.value = true;
        // The agent reports a page that stops saying this as not responding (hung, or crashed).
        const beat = () => current.send(KIOSK_HEARTBEAT);
        beat();
        clearInterval(heartbeat);
        heartbeat = setInterval(beat, KIOSK_HEARTBEAT_MS);
      },
      message(data) {
        if (socket === current) receive(data);
      },
      close() {
        if (socket !== current) return;
        socket = null;
        connected.value = false;
        clearInterval(heartbeat);
        reconnectTimer = setTimeout(connect, reconnectDelayMs(attempt));
        attempt += 1;
      },
    });
    socket = current;
  }

  return {
    state,
    connected,
    doorMoment: moments.current,
    dismissDoorMoment: moments.dismiss,
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeat);
      moments.stop();
      const current = socket;
      socket = null;
      current?.close();
      connected.value = false;
    },
  };
}
