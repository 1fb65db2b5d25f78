import type { DoorQr } from '@yizhan/shared';
import { t } from '../model/i18n.ts';

/**
 * The door QR for phones (the phone scans the door), drawn by the agent. `undefined`: this station has no phone
 * entry (no hub or no lock), nothing is shown. `null`: its live channel to the hub is down, so a phone could not
 * open the door: the QR is hidden and the worker is told to show the member code to the scanner instead.
 */
export function DoorQrPanel({ qr, large = false }: { qr: DoorQr | null | undefined; large?: boolean }) {
  if (qr === undefined) return null;
  const classes = ['door-qr', large ? 'is-large' : '', qr ? '' : 'is-down'].filter(Boolean).join(' ');
  if (!qr) {
    return (
      <div class={classes} data-testid="door-qr" data-available="false" role="status">
        <div class="door-qr-text">
          <p class="door-qr-title">{t('doorQr.down')}</p>
          <p class="door-qr-how">{t('doorQr.downHow')}</p>
        </div>
      </div>
    );
  }
  return (
    <div class={classes} data-testid="door-qr" data-available="true" data-url={qr.url}>
      {/* `at` names the window, so the picture changes with it. */}
      <img
        class="door-qr-code"
        src={`/api/door/qr.svg?at=${encodeURIComponent(qr.changesAt)}`}
        alt={t('doorQr.label')}
        width={large ? 640 : 260}
        height={large ? 640 : 260}
      />
      <div class="door-qr-text">
        <p class="door-qr-title">{t('doorQr.title')}</p>
        <p class="door-qr-how">{t('doorQr.how')}</p>
        <p class="door-qr-changes">{t('doorQr.changes')}</p>
      </div>
    </div>
  );
}
