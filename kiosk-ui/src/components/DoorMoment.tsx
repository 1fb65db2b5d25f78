import type { ReadonlySignal } from '@preact/signals';
import { doorMomentKeys, t } from '../model/i18n.ts';
import type { DoorMoment as Moment } from '../model/live.ts';
import { Icon } from './icons.tsx';

/** The full-screen welcome or refusal after a scan. A tap anywhere dismisses it early. */
export function DoorMoment({ moment, onDismiss }: { moment: ReadonlySignal<Moment | null>; onDismiss: () => void }) {
  const current = moment.value;
  if (!current) return null;
  const { result } = current;
  const keys = doorMomentKeys(result);
  const expired = !result.ok && result.reason === 'expired';
  const lockSilent = result.ok && result.lock === 'no-answer';
  return (
    <div
      key={current.seq}
      class={result.ok && !lockSilent ? 'door-moment welcome' : 'door-moment refusal'}
      data-testid="door-moment"
      data-ok={String(result.ok)}
      data-category={result.ok ? result.category : undefined}
      data-reason={result.ok ? undefined : result.reason}
      data-lock={result.ok ? result.lock : undefined}
      role="alert"
    >
      {/* The whole screen is a gloved thumb's target; the visible Close button is the one for assistive tech. */}
      <button type="button" class="door-moment-backdrop" tabIndex={-1} aria-hidden="true" onClick={onDismiss} />
      <div class="door-moment-card">
        <Icon
          name={lockSilent ? 'alert' : result.ok ? 'check' : expired ? 'refresh' : 'cross'}
          class="door-moment-icon"
        />
        <h2 class="door-moment-title">{t(keys.title)}</h2>
        <p class="door-moment-detail">{t(keys.detail)}</p>
        <button type="button" class="door-moment-close" onClick={onDismiss}>
          {t('doorMoment.close')}
        </button>
      </div>
    </div>
  );
}
