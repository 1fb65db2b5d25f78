import { alarmDetail, alarmTitle } from '../../../src/alarms/words.ts';
import { acknowledge, acknowledgementOf, alarms } from '../model/alarms.ts';
import { formatTime, pick, t, tx } from '../model/i18n.ts';
import { changes } from '../model/overview.ts';
import { href } from '../model/route.ts';
import { isAdmin } from '../model/session.ts';
import { ActionNote, ListState, MoreButton, useLiveList } from './RemoteState.tsx';

export function AlarmsPage() {
  useLiveList(alarms, changes.value.alarms);
  const summary = alarms.page.value?.summary;
  return (
    <section class="card">
      <h1>{t('alarms.title')}</h1>
      <ListState list={alarms} what="load.alarms" />
      {summary && (
        <p class="summary">
          <span class="pill alarm-open">
            {t('alarmStatus.open')} {summary.open}
          </span>
          <span class="pill alarm-acknowledged">
            {t('alarmStatus.acknowledged')} {summary.acknowledged}
          </span>
          <span class="pill alarm-cleared">
            {t('alarmStatus.cleared')} {summary.cleared}
          </span>
          <span>
            {t('alarms.meanAck')}: {summary.meanMinutesToAck ?? '—'} · {t('alarms.meanClear')}:{' '}
            {summary.meanMinutesToClear ?? '—'}
          </span>
        </p>
      )}
      {alarms.page.value &&
        (alarms.items.value.length === 0 ? (
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
              {alarms.items.value.map((a) => (
                <tr key={`${a.stationId}/${a.alarmId}`} data-alarm={a.alarmId}>
                  <td>
                    <span class={`pill alarm-${a.status}`} data-status={a.status}>
                      {tx('alarmStatus', a.status)}
                    </span>
                    {a.escalatedAt && a.status !== 'cleared' && (
                      <span class="escalated-tag" data-escalated="true">
                        {t('alarms.escalated')}
                      </span>
                    )}
                  </td>
                  <td>
                    <a href={href({ page: 'station', id: a.stationId })}>{a.stationName}</a>
                  </td>
                  <td data-rule={a.rule}>
                    {pick(alarmTitle(a.rule))}
                    {a.deviceLabel ? ` · ${pick(a.deviceLabel)}` : ''}
                  </td>
                  <td>{pick(alarmDetail(a))}</td>
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
                      <button
                        type="button"
                        class="primary small"
                        disabled={acknowledgementOf(a)?.status === 'pending'}
                        onClick={() => void acknowledge(a)}
                      >
                        {t('alarms.acknowledge')}
                      </button>
                    )}
                    <ActionNote state={acknowledgementOf(a)} failed="ack.failed" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <MoreButton list={alarms} />
    </section>
  );
}
