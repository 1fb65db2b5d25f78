import type { Clock } from '../model/clock.ts';
import { t } from '../model/i18n.ts';
import type { LiveModel } from '../model/live.ts';
import { serviceDevices } from '../model/services.ts';
import { ConnectionMark } from './ConnectionMark.tsx';
import { DoorMoment } from './DoorMoment.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { ServicesGrid } from './ServicesGrid.tsx';
import { StationHero } from './StationHero.tsx';

export function App({ live, clock }: { live: LiveModel; clock: Clock }) {
  const { station, devices } = live.state.value;
  return (
    <div class={live.connected.value ? 'kiosk' : 'kiosk is-stale'}>
      <div class="topbar">
        <ConnectionMark connected={live.connected} />
        <LanguageToggle />
      </div>
      <StationHero station={station} now={clock.now} />
      <main class="content">
        <ServicesGrid devices={serviceDevices(devices)} loaded={station !== null} />
        <p class="care-line">{t('station.careLine')}</p>
      </main>
      <DoorMoment moment={live.doorMoment} onDismiss={live.dismissDoorMoment} />
    </div>
  );
}
