import type { DeviceState } from '@yizhan/shared';
import { deviceName, statusKey, t } from '../model/i18n.ts';
import { cardTone, deviceFigure } from '../model/services.ts';
import { deviceIcon, Icon } from './icons.tsx';

export function ServiceCard({ device }: { device: DeviceState }) {
  const tone = cardTone(device);
  const offline = tone === 'offline';
  const figure = deviceFigure(device);
  return (
    <li
      class={`service-card tone-${tone}`}
      data-device={device.device}
      data-status={device.status}
      data-online={String(device.online)}
    >
      <Icon name={deviceIcon(device)} class="service-icon" />
      <div class="service-text">
        <span class="service-label">{deviceName(device)}</span>
        {offline ? (
          <span class="service-hint">{t('device.offlineHint')}</span>
        ) : (
          figure && <span class="service-figure">{figure}</span>
        )}
      </div>
      <span class="service-status">{offline ? t('device.offline') : t(statusKey(device))}</span>
    </li>
  );
}
