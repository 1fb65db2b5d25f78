import { useSignal, useSignalEffect } from '@preact/signals';
import { type CaseReply, dateText, FEEDBACK_CATEGORIES, type FeedbackCategory } from '@yizhan/shared';
import { caseStatusText, lang, reportKey, t } from '../model/i18n.ts';
import { reportProblem } from '../model/kiosk-api.ts';
import { resetCount } from '../model/screen.ts';
import { Icon } from './icons.tsx';

type Stage = 'form' | 'sending' | 'sent' | 'failed';

/**
 * Report a problem: a big button per kind of problem, an optional place, one Send. Goes to the union's office;
 * the worker gets a case number, and the office's replies to this station's cases are listed below.
 */
export function ReportScreen({ replies, timeZone }: { replies: readonly CaseReply[]; timeZone: string }) {
  const category = useSignal<FeedbackCategory | null>(null);
  const place = useSignal('');
  const stage = useSignal<Stage>('form');
  const caseNumber = useSignal('');

  const clear = () => {
    category.value = null;
    place.value = '';
    stage.value = 'form';
  };
  // An idle reset leaves no half-filled report for the next person.
  useSignalEffect(() => {
    if (resetCount.value > 0) clear();
  });

  const send = async () => {
    if (!category.value || stage.value === 'sending') return;
    stage.value = 'sending';
    const result = await reportProblem(category.value, place.value);
    if (result.ok) caseNumber.value = result.caseNumber;
    stage.value = result.ok ? 'sent' : 'failed';
  };

  if (stage.value === 'sent') {
    return (
      <div class="screen report-screen" data-testid="screen-report">
        <div class="report-sent" role="status" data-testid="report-sent">
          <Icon name="check" class="report-sent-icon" />
          <h2 class="screen-title">{t('report.sent')}</h2>
          <p class="case-number">
            {t('report.caseNumber')} <strong data-testid="case-number">{caseNumber.value}</strong>
          </p>
          <p class="screen-hint">{t('report.sentDetail')}</p>
          <button type="button" class="secondary-button" data-testid="report-another" onClick={clear}>
            {t('report.another')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div class="screen report-screen" data-testid="screen-report">
      <h2 class="screen-title">{t('report.title')}</h2>
      <p class="screen-hint">{t('report.hint')}</p>
      <fieldset class="choice-grid" aria-label={t('report.title')}>
        {FEEDBACK_CATEGORIES.map((c) => (
          <button
            key={c}
            type="button"
            class={category.value === c ? 'choice is-chosen' : 'choice'}
            data-feedback={c}
            aria-pressed={category.value === c}
            onClick={() => {
              category.value = c;
            }}
          >
            {t(reportKey(c))}
          </button>
        ))}
      </fieldset>
      <label class="place-field">
        <span>{t('report.place')}</span>
        <input
          type="text"
          maxLength={200}
          value={place.value}
          placeholder={t('report.placeExample')}
          data-testid="report-place"
          onInput={(event) => {
            place.value = event.currentTarget.value;
          }}
        />
      </label>
      <button
        type="button"
        class="primary-button"
        data-testid="report-send"
        disabled={!category.value || stage.value === 'sending'}
        onClick={send}
      >
        {t('report.send')}
      </button>
      {stage.value === 'failed' && (
        <p class="form-error" role="alert">
          {t('report.failed')}
        </p>
      )}
      <Replies replies={replies} timeZone={timeZone} />
    </div>
  );
}

/** The office's answers to this station's recent reports, found by their case numbers. */
function Replies({ replies, timeZone }: { replies: readonly CaseReply[]; timeZone: string }) {
  return (
    <section class="replies" aria-labelledby="replies-title" data-testid="replies">
      <h3 id="replies-title" class="day-title">
        {t('report.replies')}
      </h3>
      {replies.length === 0 ? (
        <p class="empty">{t('report.noReplies')}</p>
      ) : (
        <ul class="reply-list">
          {replies.map((r) => (
            <li key={r.caseNumber} class="reply-card" data-case={r.caseNumber}>
              <div class="reply-head">
                <span class="reply-number">
                  {t('report.caseNumber')} {r.caseNumber}
                </span>
                {r.category && <span>{t(reportKey(r.category))}</span>}
                <span class="event-badge">{caseStatusText(r.status)}</span>
                <span class="reply-day">{dateText(new Date(r.updatedAt), timeZone, lang.value)}</span>
              </div>
              <p class="reply-text" lang="zh-CN">
                {r.reply}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
