import { type AlarmList, type AlarmView, alarmList, alarmView } from '../../../src/alarms/schema.ts';
import { get, request } from './api.ts';
import { actions, pagedList, pageParams } from './remote.ts';

const keyOf = (a: AlarmView) => `${a.stationId}/${a.alarmId}`;

/** Alarms from every station the operator may see, newest first, with their summary. */
export const alarms = pagedList({
  read: (before, limit) => get(`/alarms?${pageParams(limit, before)}`, alarmList),
  itemsOf: (page: AlarmList) => page.alarms,
  keyOf,
});

/** Acknowledgements under way or failed, by alarm. */
export const acknowledgements = actions();
export const acknowledgementOf = (a: AlarmView) => acknowledgements.states.value.get(keyOf(a));

export const acknowledge = (a: AlarmView) =>
  acknowledgements.run(keyOf(a), async () => {
    const path = `/stations/${encodeURIComponent(a.stationId)}/alarms/${encodeURIComponent(a.alarmId)}/acknowledge`;
    alarms.replace(await request('POST', path, alarmView));
  });
