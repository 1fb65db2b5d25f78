import type { ReadonlySignal } from '@preact/signals';
import { t } from '../model/i18n.ts';

/** Always present so tests and staff can read `data-connected`; loud only while the agent is unreachable. */
export function ConnectionMark({ connected }: { connected: ReadonlySignal<boolean> }) {
  const up = connected.value;
  return (
    <div
      class={up ? 'connection live' : 'connection down'}
      data-testid="connection"
      data-connected={String(up)}
      role="status"
    >
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-word">{up ? t('connection.live') : t('connection.reconnecting')}</span>
      {!up && <span class="connection-note">{t('connection.lastKnown')}</span>}
    </div>
  );
}
