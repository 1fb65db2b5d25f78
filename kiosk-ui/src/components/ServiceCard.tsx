import type { DeviceState, SwitchedOff } from '@yizhan/shared';
import { deviceName, lastKnownText, statusKey, t } from '../model/i18n.ts';
import { cardTone, deviceFigure, lastKnownMinutes } from '../model/services.ts';
import { deviceIcon, Icon } from './icons.tsx';

export function ServiceCard({
  device,
  now,
  switchedOff,
}: {
  device: DeviceState;
  now: Date;
  /** Switched off by the office (or for the night): said on the card, whatever the plug last reported. */
  switchedOff?: SwitchedOff;
}) {
  const tone = cardTone(device);
  const offline = tone === 'offline';
  const figure = deviceFigure(device);
  const age = lastKnownMinutes(device, now);
  return (
    <li
      class={`service-card tone-${tone}`}
      data-device={device.device}
      data-status={device.status}
      data-online={String(device.online)}
      data-confirmed={String(age === null)}
      data-switched-off={switchedOff?.by}
    >
      <Icon name={deviceIcon(device)} class="service-icon" />
      <div class="service-text">
        <span class="service-label">{deviceName(device)}</span>
        {offline ? (
          <span class="service-hint">{t('device.offlineHint')}</span>
        ) : (
          figure && <span class="service-figure">{figure}</span>
        )}
        {!offline && age !== null && <span class="service-hint">{lastKnownText(age)}</span>}
        {switchedOff && (
          <span class="service-hint" data-testid="switched-off">
            {t(switchedOff.by === 'office' ? 'power.byOffice' : 'power.byHours')}
          </span>
        )}
      </div>
      <span class="service-status">
        {offline ? t('device.offline') : switchedOff ? t('power.off') : t(statusKey(device))}
      </span>
    </li>
  );
}
