import { useEffect } from 'preact/hooks';
import type { StationStatus } from '../../../src/live/schema.ts';
import { StationMap } from '../map/LazyStationMap.tsx';
import { t } from '../model/i18n.ts';
import { tiles } from '../model/map.ts';
import { stations } from '../model/overview.ts';
import { href } from '../model/route.ts';
import { ReadState } from './RemoteState.tsx';

/** What a marker says to a pointer or a screen reader. */
export function stationWords(s: StationStatus): string {
  const state = t(s.online ? 'station.online' : 'station.offline');
  const inside = s.online && s.inside !== null ? ` · ${t('total.inside')} ${s.inside}/${s.capacity}` : '';
  const alarms = s.openAlarms > 0 ? ` · ${t('total.openAlarms')} ${s.unacknowledgedAlarms}` : '';
  return `${s.name} · ${state}${inside}${alarms}`;
}

/** Every station on the map with its live status; a click opens the station's page. */
export function MapPage() {
  useEffect(() => void tiles.load(), []);
  const answer = tiles.data.value;
  return (
    <section class="card map-card">
      <h1>{t('map.title')}</h1>
      <p class="legend map-legend">
        <span class="map-key online">{t('station.online')}</span>
        <span class="map-key offline">{t('station.offline')}</span>
        <span class="map-key alarm">{t('map.withAlarms')}</span>
        <span class="muted">{t('map.hint')}</span>
      </p>
      <ReadState remote={tiles} what="load.map" />
      {answer && (
        <StationMap
          stations={stations.value}
          tiles={answer.tiles}
          describe={stationWords}
          onOpen={(id) => {
            location.hash = href({ page: 'station', id });
          }}
        />
      )}
    </section>
  );
}
