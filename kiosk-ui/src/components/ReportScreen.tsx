import { useSignal, useSignalEffect } from '@preact/signals';
import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '@yizhan/shared';
import { reportKey, t } from '../model/i18n.ts';
import { reportProblem } from '../model/kiosk-api.ts';
import { resetCount } from '../model/screen.ts';
import { Icon } from './icons.tsx';

type Stage = 'form' | 'sending' | 'sent' | 'failed';

/** Report a problem: a big button per kind of problem, an optional place, one Send. Goes to the union's office. */
export function ReportScreen() {
  const category = useSignal<FeedbackCategory | null>(null);
  const place = useSignal('');
  const stage = useSignal<Stage>('form');

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
    stage.value = result.ok ? 'sent' : 'failed';
  };

  if (stage.value === 'sent') {
    return (
      <div class="screen report-screen" data-testid="screen-report">
        <div class="report-sent" role="status" data-testid="report-sent">
          <Icon name="check" class="report-sent-icon" />
          <h2 class="screen-title">{t('report.sent')}</h2>
          <p class="screen-hint">{t('report.sentDetail')}</p>
          <button type="button" class="secondary-button" onClick={clear}>
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
    </div>
  );
}
