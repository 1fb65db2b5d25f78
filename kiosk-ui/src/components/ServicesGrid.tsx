import type { DeviceState, SwitchedOff } from '@yizhan/shared';
import { t } from '../model/i18n.ts';
import { ServiceCard } from './ServiceCard.tsx';

export function ServicesGrid({
  devices,
  loaded,
  now,
  switchedOff = [],
}: {
  devices: DeviceState[];
  loaded: boolean;
  now: Date;
  switchedOff?: SwitchedOff[];
}) {
  return (
    <section class="services" aria-labelledby="services-title">
      <header class="services-header">
        <h2 id="services-title">{t('services.title')}</h2>
        <span class="services-live">{t('services.live')}</span>
      </header>
      {loaded ? (
        <ul class={devices.length > 6 ? 'services-grid many' : 'services-grid'} data-testid="services">
          {devices.map((device) => (
            <ServiceCard
              key={device.device}
              device={device}
              now={now}
              switchedOff={switchedOff.find((s) => s.device === device.device)}
            />
          ))}
        </ul>
      ) : (
        <p class="services-waiting">{t('services.waiting')}</p>
      )}
    </section>
  );
}
