/**
 * The big screen's picture, kept by its live socket: a snapshot, then updates; after a hub restart it reconnects
 * by itself (the shared backoff) and takes a fresh snapshot. A link that is not (or no longer) valid is said on
 * the screen and not tried again.
 */
import { batch, signal } from '@preact/signals';
import { backoffDelayMs, type ScheduledEvent } from '@yizhan/shared';
import type { z } from 'zod';
import type { Overview, StationStatus } from '../../../src/live/schema.ts';
import type { MapTiles } from '../../../src/screens/map-schema.ts';
import { type ScreenFigures, type screenEvent, screenMessage } from '../../../src/screens/schema.ts';

export type ScreenEvent = z.infer<typeof screenEvent> & ScheduledEvent;

export const title = signal('驿站数据大屏');
export const overview = signal<Overview | null>(null);
export const stations = signal<StationStatus[]>([]);
export const figures = signal<ScreenFigures | null>(null);
export const events = signal<ScreenEvent[]>([]);
export const tiles = signal<MapTiles['tiles'] | undefined>(undefined);
export const connected = signal(false);
/** Why the screen cannot show anything: the link is not valid (never was, or revoked). */
export const refused = signal<'invalid' | 'revoked' | null>(null);

const RETRY = { firstMs: 1000, maxMs: 15_000, jitter: 0.2 };
/** The hub closes a revoked screen's socket with this. */
const REVOKED = 4403;

export const tokenOf = (hash: string): string | null => new URLSearchParams(hash.replace(/^#/, '')).get('token');

function apply(data: unknown): void {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return;
  }
  const parsed = screenMessage.safeParse(json);
  if (!parsed.success) return;
  const m = parsed.data;
  if (m.type === 'stations') {
    stations.value = m.stations;
    return;
  }
  batch(() => {
    overview.value = m.overview;
    figures.value = m.figures;
    if (m.type === 'snapshot') {
      title.value = m.title;
      tiles.value = m.map.tiles;
      stations.value = m.stations;
      events.value = m.events as ScreenEvent[];
      return;
    }
    const changed = new Map(m.stations.map((s) => [s.id, s]));
    const known = new Set(stations.value.map((s) => s.id));
    stations.value = [
      ...stations.value.map((s) => changed.get(s.id) ?? s),
      ...m.stations.filter((s) => !known.has(s.id)),
    ];
    if (m.events) events.value = m.events as ScreenEvent[];
  });
}

/** Keeps the socket open; returns the function that closes it. */
export function connectScreen(token: string): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/screen/live?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      connected.value = true;
      attempt = 0;
    };
    socket.onmessage = (event) => apply(event.data);
    socket.onclose = (event) => {
      connected.value = false;
      if (closed) return;
      if (event.code === REVOKED) {
        refused.value = 'revoked';
        return;
      }
      void stillValid(token).then((valid) => {
        if (closed) return;
        if (valid === false) refused.value = 'invalid';
        else retry = setTimeout(open, backoffDelayMs(attempt++, RETRY));
      });
    };
  };
  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    socket?.close();
  };
}

/** Whether the hub still takes the link: false on a 401, undefined when the hub did not answer (it restarts). */
async function stillValid(token: string): Promise<boolean | undefined> {
  try {
    const res = await fetch('/api/v1/screen', { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401) return false;
    return res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}
