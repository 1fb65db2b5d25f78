import { useSignal } from '@preact/signals';
import { WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { categoryKey, t } from '../model/i18n.ts';
import { walkIn } from '../model/kiosk-api.ts';
import { show } from '../model/screen.ts';

/** "I'm here" without a member code: one tap on the worker's category counts the visit; the welcome follows. */
export function WalkInScreen() {
  const busy = useSignal(false);
  /** Why the last tap counted nothing: the agent was busy with a run of taps, or something else. */
  const failed = useSignal<'too-fast' | 'failed' | null>(null);
  const choose = async (category: WorkerCategory) => {
    if (busy.value) return;
    busy.value = true;
    failed.value = null;
    const result = await walkIn(category);
    busy.value = false;
    if (result.ok) show('home');
    else failed.value = result.code === 'YZ_ERR_TOO_FAST' ? 'too-fast' : 'failed';
  };
  return (
    <div class="screen walk-in-screen" data-testid="screen-walk-in">
      <h2 class="screen-title">{t('walkIn.title')}</h2>
      <p class="screen-hint">{t('walkIn.hint')}</p>
      <div class="choice-grid">
        {WORKER_CATEGORIES.map((category) => (
          <button
            key={category}
            type="button"
            class="choice"
            data-category={category}
            disabled={busy.value}
            onClick={() => choose(category)}
          >
            {t(categoryKey(category))}
          </button>
        ))}
      </div>
      {failed.value && (
        <p class="form-error" role="alert" data-testid="walk-in-error" data-reason={failed.value}>
          {t(failed.value === 'too-fast' ? 'walkIn.tooFast' : 'walkIn.failed')}
        </p>
      )}
    </div>
  );
}
