import { signal } from '@preact/signals';
import { type Backoff, backoffDelayMs } from '@yizhan/shared';
import { officeLiveMessage } from '../../../src/live/schema.ts';
import { answerShapeError } from './api.ts';
import { apply, rejectLiveMessage } from './overview.ts';

/** Whether the live socket is open; the fleet's figures are in overview.ts. */
export const connected = signal(false);

/** A message from the socket, checked against the hub's schema before it touches the fleet. */
function receive(data: unknown): void {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    json = undefined;
  }
  const parsed = officeLiveMessage.safeParse(json);
  if (parsed.success) apply(parsed.data);
  else rejectLiveMessage(answerShapeError('live message', parsed.error));
}

/** The product's one backoff (shared/src/backoff.ts); ±20 % so dashboards that lost a hub come back spread out. */
const RECONNECT: Backoff = { firstMs: 1000, maxMs: 30_000, jitter: 0.2 };

/** Keeps a socket open while signed in, reconnecting with backoff; returns the function that closes it. */
export function connectLive(): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      connected.value = true;
      attempt = 0;
    };
    socket.onmessage = (event) => receive(event.data);
    socket.onclose = () => {
      connected.value = false;
      if (closed) return;
      retry = setTimeout(open, backoffDelayMs(attempt++, RECONNECT));
    };
  };
  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    socket?.close();
  };
}
