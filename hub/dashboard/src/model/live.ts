import { signal } from '@preact/signals';
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

/** Keeps a socket open while signed in, reconnecting with backoff; returns the function that closes it. */
export function connectLive(): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = 1000;
  let closed = false;
  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      connected.value = true;
      delay = 1000;
    };
    socket.onmessage = (event) => receive(event.data);
    socket.onclose = () => {
      connected.value = false;
      if (closed) return;
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    socket?.close();
  };
}
