import type { ReadonlySignal } from '@preact/signals';
import { WORKER_CATEGORIES } from '@yizhan/shared';
import type { DoorMoment as Moment } from '../model/door-moments.ts';
import { isRefusal } from '../model/door-moments.ts';
import { categoryKey, doorMomentKeys, groupWelcomeText, t } from '../model/i18n.ts';
import { Icon } from './icons.tsx';

/**
 * The welcome or refusal after a scan or a phone at the door. `full`: over the whole screen (a tap anywhere
 * dismisses it). `banner`: a strip that leaves the screen usable, for when someone is using the kiosk or the
 * door QR must stay in view for the next worker.
 */
export function DoorMoment({
  moment,
  onDismiss,
  mode = 'full',
}: {
  moment: ReadonlySignal<Moment | null>;
  onDismiss: () => void;
  mode?: 'full' | 'banner';
}) {
  const current = moment.value;
  if (!current) return null;
  const { result, welcomes } = current;
  const keys = doorMomentKeys(result);
  const expired = !result.ok && result.reason === 'expired';
  const refusal = isRefusal(result);
  const lockSilent = result.ok && result.lock === 'no-answer';
  const group = !refusal && welcomes.length > 1;
  const counts = WORKER_CATEGORIES.map((c) => [c, welcomes.filter((w) => w.category === c).length] as const).filter(
    ([, n]) => n > 0,
  );
  const classes = ['door-moment', refusal ? 'refusal' : 'welcome', mode === 'banner' ? 'is-banner' : ''];
  return (
    <div
      key={current.seq}
      class={classes.filter(Boolean).join(' ')}
      data-testid="door-moment"
      data-mode={mode}
      data-ok={String(result.ok)}
      data-category={result.ok ? result.category : undefined}
      data-reason={result.ok ? undefined : result.reason}
      data-lock={result.ok ? result.lock : undefined}
      data-count={group ? String(welcomes.length) : undefined}
      role="alert"
    >
      {/* The whole screen is a gloved thumb's target; the visible Close button is the one for assistive tech. */}
      {mode === 'full' && (
        <button type="button" class="door-moment-backdrop" tabIndex={-1} aria-hidden="true" onClick={onDismiss} />
      )}
      <div class="door-moment-card">
        <Icon
          name={lockSilent ? 'alert' : !refusal ? 'check' : expired ? 'refresh' : 'cross'}
          class="door-moment-icon"
        />
        <div class="door-moment-words">
          <h2 class="door-moment-title">{group ? groupWelcomeText(welcomes.length) : t(keys.title)}</h2>
          {group && (
            <ul class="door-moment-group">
              {counts.map(([category, n]) => (
                <li key={category}>
                  {t(categoryKey(category))}
                  {n > 1 ? ` ×${n}` : ''}
                </li>
              ))}
            </ul>
          )}
          <p class="door-moment-detail">{t(keys.detail)}</p>
        </div>
        <button type="button" class="door-moment-close" onClick={onDismiss}>
          {t('doorMoment.close')}
        </button>
      </div>
    </div>
  );
}
