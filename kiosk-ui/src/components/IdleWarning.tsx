import type { ReadonlySignal } from '@preact/signals';
import { t } from '../model/i18n.ts';

/** "Still there?" with the countdown; any tap, on the button or anywhere, keeps the screen as it is. */
export function IdleWarning({
  secondsLeft,
  onStay,
}: {
  secondsLeft: ReadonlySignal<number | null>;
  onStay: () => void;
}) {
  const left = secondsLeft.value;
  if (left === null) return null;
  return (
    <div class="idle-warning" data-testid="idle-warning" role="alertdialog" aria-labelledby="idle-title">
      <div class="idle-card">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p>
          <strong class="idle-seconds">{left}</strong> {t('idle.detail')}
        </p>
        <button type="button" class="primary-button" data-testid="idle-stay" onClick={onStay}>
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
