import { batch, signal } from '@preact/signals';
import {
  type OfficeLiveMessage,
  type Overview,
  overview as overviewSchema,
  type StationStatus,
  statusList,
} from '../../../src/live/schema.ts';
import { type ApiError, get } from './api.ts';
import { settle } from './remote.ts';

/**
 * The fleet: the overview and one status row per station. The live socket (live.ts) keeps it current; a read
 * over REST fills it when the socket has not said anything yet, and is the retry when that read failed.
 */
export const overview = signal<Overview | null>(null);
export const stations = signal<StationStatus[]>([]);
/** Why the fleet could not be read, or a live message that broke its schema; null once good news arrives. */
export const overviewError = signal<ApiError | null>(null);
export const overviewLoading = signal(false);
/** Bumped when the hub says alarms, feedback or schedules changed: pages showing them read them again. */
export const changes = signal({ alarms: 0, feedback: 0, schedules: 0 });

// Live messages applied so far: a REST read that started before the latest one is older news.
let applied = 0;

export function apply(message: OfficeLiveMessage): void {
  applied += 1;
  batch(() => {
    // Fresher than any REST read under way, which will not land: this is the news now.
    overviewError.value = null;
    overviewLoading.value = false;
    overview.value = message.overview;
    if (message.type === 'snapshot') {
      stations.value = message.stations;
      return;
    }
    const changed = new Map(message.stations.map((s) => [s.id, s]));
    const known = new Set(stations.value.map((s) => s.id));
    stations.value = [
      ...stations.value.map((s) => changed.get(s.id) ?? s),
      ...message.stations.filter((s) => !known.has(s.id)),
    ];
    if (message.changed.length > 0) {
      const next = { ...changes.value };
      for (const c of message.changed) next[c] += 1;
      changes.value = next;
    }
  });
}

/** A live message that did not fit its schema: said on the page, and the fleet stays as it was. */
export function rejectLiveMessage(error: ApiError): void {
  overviewError.value = error;
}

/** Reads the overview and every station's status over REST. */
export function loadOverview(): Promise<void> {
  const before = applied;
  return settle(
    () => Promise.all([get('/overview', overviewSchema), get('/status', statusList)]),
    () => applied === before,
    overviewLoading,
    overviewError,
    ([o, list]) => {
      overview.value = o;
      stations.value = list.stations;
    },
  );
}

/** Signed out: nothing of this operator's fleet stays in memory for the next one. */
export function forgetFleet(): void {
  applied += 1;
  batch(() => {
    overview.value = null;
    stations.value = [];
    overviewError.value = null;
    overviewLoading.value = false;
  });
}
