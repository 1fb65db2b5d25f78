import { signal } from '@preact/signals';
import type { OfficeLiveMessage, Overview, StationStatus } from './types.ts';

/** The fleet as the hub's live socket tells it: the overview and one status row per station. */
export const overview = signal<Overview | null>(null);
export const stations = signal<StationStatus[]>([]);
export const connected = signal(false);
/** Bumped when the hub says alarms, feedback or schedules changed: pages showing them refetch. */
export const changes = signal({ alarms: 0, feedback: 0, schedules: 0 });

export function apply(message: OfficeLiveMessage): void {
  overview.value = message.overview;
  if (message.type === 'snapshot') {
    stations.value = message.stations;
    return;
  }
  const changed = new Map(message.stations.map((s) => [s.id, s]));
  stations.value = stations.value.map((s) => changed.get(s.id) ?? s);
  for (const s of message.stations)
    if (!stations.value.some((x) => x.id === s.id)) stations.value = [...stations.value, s];
  if (message.changed.length > 0) {
    const next = { ...changes.value };
    for (const c of message.changed) next[c] += 1;
    changes.value = next;
  }
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
    socket.onmessage = (event) => apply(JSON.parse(String(event.data)) as OfficeLiveMessage);
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
