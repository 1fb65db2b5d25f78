import { t, ZH_TEXT } from '../model/i18n.ts';
import type { LiveModel } from '../model/live.ts';
import { ConnectionMark } from './ConnectionMark.tsx';
import { DoorMoment } from './DoorMoment.tsx';
import { DoorQrPanel } from './DoorQrPanel.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';

/** `/door`: a small screen beside the door shows only the door QR, large, and the door's moments. */
export function DoorApp({ live }: { live: LiveModel }) {
  const { station, doorQr } = live.state.value;
  return (
    <div class="kiosk door-page" data-testid="door-page">
      <div class="topbar">
        <ConnectionMark connected={live.connected} />
        <LanguageToggle />
      </div>
      <h1 class="station-name" lang={ZH_TEXT}>
        {station?.name ?? t('station.fallbackName')}
      </h1>
      <DoorQrPanel qr={doorQr} large />
      <DoorMoment moment={live.doorMoment} onDismiss={live.dismissDoorMoment} mode="banner" />
    </div>
  );
}
