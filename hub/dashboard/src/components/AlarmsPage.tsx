import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../model/api.ts';
import { formatTime, t, tx } from '../model/i18n.ts';
import { changes } from '../model/live.ts';
import { href } from '../model/route.ts';
import { isAdmin } from '../model/session.ts';
import type { AlarmView } from '../model/types.ts';

interface AlarmList {
  alarms: AlarmView[];
  summary: {
    open: number;
    acknowledged: number;
    cleared: number;
    meanMinutesToAck: number | null;
    meanMinutesToClear: number | null;
  };
}

export function AlarmsPage() {
  const [list, setList] = useState<AlarmList | null>(null);
  const load = () => void get<AlarmList>('/alarms').then(setList);
  useEffect(load, [changes.value.alarms]);
  if (!list) return null;
  const acknowledge = async (a: AlarmView) => {
    await api('POST', `/stations/${a.stationId}/alarms/${encodeURIComponent(a.alarmId)}/acknowledge`);
    load();
  };
  const s = list.summary;
  return (
    <section class="card">
      <h1>{t('alarms.title')}</h1>
      <p class="summary">
        <span class="pill alarm-open">
          {t('alarmStatus.open')} {s.open}
        </span>
        <span class="pill alarm-acknowledged">
          {t('alarmStatus.acknowledged')} {s.acknowledged}
        </span>
        <span class="pill alarm-cleared">
          {t('alarmStatus.cleared')} {s.cleared}
        </span>
        <span>
          {t('alarms.meanAck')}: {s.meanMinutesToAck ?? '—'} · {t('alarms.meanClear')}: {s.meanMinutesToClear ?? '—'}
        </span>
      </p>
      {list.alarms.length === 0 ? (
        <p class="muted">{t('alarms.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('station.status')}</th>
              <th>{t('station.name')}</th>
              <th>{t('alarms.rule')}</th>
              <th>{t('alarms.detail')}</th>
              <th>{t('alarms.raised')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.alarms.map((a) => (
              <tr key={`${a.stationId}/${a.alarmId}`} data-alarm={a.alarmId}>
                <td>
                  <span class={`pill alarm-${a.status}`} data-status={a.status}>
                    {tx('alarmStatus', a.status)}
                  </span>
                </td>
                <td>
                  <a href={href({ page: 'station', id: a.stationId })}>{a.stationName}</a>
                </td>
                <td>
                  {a.rule}
                  {a.device ? ` · ${a.device}` : ''}
                </td>
                <td>{a.detail}</td>
                <td>
                  {formatTime(a.raisedAt)}
                  {a.ackedBy && (
                    <div class="muted">
                      ✓ {a.ackedBy} {formatTime(a.ackedAt)}
                    </div>
                  )}
                </td>
                <td>
                  {a.status === 'open' && isAdmin() && (
                    <button type="button" class="primary small" onClick={() => void acknowledge(a)}>
                      {t('alarms.acknowledge')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
