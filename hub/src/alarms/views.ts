import { alarmFacts } from '@yizhan/shared';
import { deviceLabelOf } from '../stations/device-names.ts';
import type { HubStore } from '../store.ts';
import { type AlarmRecord, type AlarmView, statusOf } from './schema.ts';

/**
 * Alarms as the office reads them: with their stations' names, statuses spelled out, facts read, and devices
 * named by the stations' own labels; each station looked up once.
 */
export async function alarmViews(store: HubStore, alarms: readonly AlarmRecord[]): Promise<AlarmView[]> {
  const ids = [...new Set(alarms.map((a) => a.stationId))];
  const [names, devices] = await Promise.all([
    Promise.all(ids.map(async (id) => [id, (await store.stations.get(id))?.name ?? id] as const)).then(
      (pairs) => new Map(pairs),
    ),
    store.stations.devices(ids),
  ]);
  return alarms.map((a) => ({
    ...a,
    stationName: names.get(a.stationId)!,
    status: statusOf(a),
    facts: readFacts(a.facts),
    deviceLabel: a.device === null ? null : deviceLabelOf(devices.get(a.stationId), a.device),
  }));
}

/** Facts as stored; a row whose text does not read (written by hand, say) has none rather than failing the list. */
function readFacts(text: string | null): AlarmView['facts'] {
  if (text === null) return null;
  try {
    const parsed = alarmFacts.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
