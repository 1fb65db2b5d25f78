/** A notice for each alarm raised or escalated while the dashboard is open, until dismissed. */
import { alarmDetail, alarmTitle } from '../../../src/alarms/words.ts';
import { dismissNotice, notices, noticesFailed } from '../model/alarm-alerts.ts';
import { formatTime, pick, t } from '../model/i18n.ts';
import { href } from '../model/route.ts';

export function AlarmNotices() {
  const shown = notices.value;
  return (
    <section class="alarm-notices" aria-live="assertive" aria-label={t('notice.region')}>
      {shown.map((n) => (
        <div key={n.key} class={`alarm-notice ${n.kind}`} data-notice={n.key} role="alert">
          <div>
            <strong>{t(n.kind === 'raised' ? 'notice.raised' : 'notice.escalated')}</strong>{' '}
            <span lang="zh-CN">{n.alarm.stationName}</span> · {pick(alarmTitle(n.alarm.rule))}
            <div class="muted">
              {pick(alarmDetail(n.alarm))} · {formatTime(n.alarm.raisedAt)}
            </div>
          </div>
          <a href={href({ page: 'alarms' })}>{t('notice.open')}</a>
          <button type="button" class="link" onClick={() => dismissNotice(n.key)}>
            {t('notice.dismiss')}
          </button>
        </div>
      ))}
      {noticesFailed.value && <p class="muted">{t('notice.failed')}</p>}
    </section>
  );
}
