/**
 * Alerts of alarms as they come: the count nobody has acknowledged (nav badge and page title, from the live
 * overview), and a notice for each alarm raised or escalated since the dashboard opened. Whenever the hub says
 * alarms changed, the newest open alarms are read and compared with those already seen, so a batch sent twice
 * or an alarm acknowledged elsewhere never gives a second notice.
 */
import { computed, effect, signal } from '@preact/signals';
import { type AlarmView, alarmList } from '../../../src/alarms/schema.ts';
import { get } from './api.ts';
import { changes, overview } from './overview.ts';

export interface AlarmNotice {
  key: string;
  kind: 'raised' | 'escalated';
  alarm: AlarmView;
}

/** Alarms nobody has acknowledged, in the operator's scope. */
export const unacknowledged = computed(() => overview.value?.city.unacknowledgedAlarms ?? 0);
/** Notices on show, newest first. */
export const notices = signal<readonly AlarmNotice[]>([]);
/** The last read of the open alarms failed: notices may be missing until the next change reads them again. */
export const noticesFailed = signal(false);
const fleetKnown = computed(() => overview.value !== null);

const MAX_NOTICES = 4;
const keyOf = (a: AlarmView) => `${a.stationId}/${a.alarmId}`;

let seen: Set<string> | null = null;
let escalated = new Set<string>();
let reading: Promise<void> = Promise.resolve();

/** The newest open and acknowledged-but-not-escalated alarms; what is new since the last read becomes notices. */
async function look(): Promise<void> {
  const [open, acknowledged] = await Promise.all([
    get('/alarms?status=open&limit=50', alarmList),
    get('/alarms?status=acknowledged&limit=50', alarmList),
  ]);
  const current = [...open.alarms, ...acknowledged.alarms];
  const fresh: AlarmNotice[] = [];
  const first = seen === null;
  const nowSeen = new Set(seen ?? []);
  const nowEscalated = new Set(escalated);
  for (const alarm of current) {
    const key = keyOf(alarm);
    if (!nowSeen.has(key)) {
      nowSeen.add(key);
      if (!first && alarm.status === 'open') fresh.push({ key: `${key}/raised`, kind: 'raised', alarm });
    }
    if (alarm.escalatedAt !== null && !nowEscalated.has(key)) {
      nowEscalated.add(key);
      if (!first && alarm.status === 'open') fresh.push({ key: `${key}/escalated`, kind: 'escalated', alarm });
    }
  }
  seen = nowSeen;
  escalated = nowEscalated;
  if (fresh.length > 0) notices.value = [...fresh, ...notices.value].slice(0, MAX_NOTICES);
}

export function dismissNotice(key: string): void {
  notices.value = notices.value.filter((n) => n.key !== key);
}

/**
 * Follows the hub's alarm changes while signed in; returns the function that stops. A failed read is tried
 * again at the next change: the badge stays right meanwhile, as it comes with the live overview.
 */
export function watchAlarms(): () => void {
  seen = null;
  escalated = new Set();
  notices.value = [];
  const title = document.title;
  const stopTitle = effect(() => {
    const n = unacknowledged.value;
    document.title = n > 0 ? `(${n}) ${title}` : title;
  });
  const stopWatch = effect(() => {
    void changes.value.alarms;
    if (!fleetKnown.value) return;
    reading = reading.then(look).then(
      () => {
        noticesFailed.value = false;
      },
      () => {
        noticesFailed.value = true;
      },
    );
  });
  return () => {
    stopTitle();
    stopWatch();
    document.title = title;
    seen = null;
    notices.value = [];
  };
}
