import type { KioskContent, NearbyStation } from '@yizhan/shared';
import { zonedParts } from '@yizhan/shared';
import { t, ZH_TEXT } from '../model/i18n.ts';
import { INJURY_QR_URL, JOIN_QR_URL } from '../model/kiosk-api.ts';

const distanceText = (m: number) => (m < 1000 ? `${Math.round(m / 10) * 10} m` : `${(m / 1000).toFixed(1)} km`);

/** Open now, from `HH:MM-HH:MM` hours in the station's zone; unknown hours say nothing. */
function openNow(station: NearbyStation, now: Date, timeZone: string): boolean | null {
  if (station.open24h) return true;
  const match = station.hours?.match(/^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/);
  if (!match) return null;
  const [, fh, fm, th, tm] = match.map(Number) as [number, number, number, number, number];
  const minutes = zonedParts(now, timeZone).minutes;
  const from = fh * 60 + fm;
  const to = th * 60 + tm;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** For when this station is full: where else to go; and the way into the union. */
export function MoreScreen({ content, now, timeZone }: { content: KioskContent | null; now: Date; timeZone: string }) {
  const nearby = content?.nearby ?? [];
  return (
    <div class="screen more-screen" data-testid="screen-more">
      <section class="nearby" aria-labelledby="nearby-title">
        <h2 id="nearby-title" class="screen-title">
          {t('more.nearby')}
        </h2>
        {nearby.length === 0 ? (
          <p class="empty">{t('more.noNearby')}</p>
        ) : (
          <ul class="nearby-list" data-testid="nearby">
            {nearby.map((station) => {
              const open = openNow(station, now, timeZone);
              return (
                <li key={station.id} class="nearby-card" data-station={station.id}>
                  <div class="nearby-text">
                    <span class="nearby-name" lang={ZH_TEXT}>
                      {station.name}
                    </span>
                    <span class="nearby-district" lang={ZH_TEXT}>
                      {station.district}
                      {station.hours && !station.open24h ? ` · ${station.hours}` : ''}
                    </span>
                  </div>
                  <span class="nearby-distance">{distanceText(station.distanceM)}</span>
                  {open !== null && (
                    <span class={open ? 'nearby-open yes' : 'nearby-open no'}>
                      {station.open24h ? t('more.open24') : open ? t('more.openNow') : t('more.closedNow')}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {content?.joinUnionUrl && (
        <section class="join" aria-labelledby="join-title" data-testid="join">
          <div class="join-text">
            <h2 id="join-title" class="screen-title">
              {t('more.join')}
            </h2>
            <p class="screen-hint">{t('more.joinHint')}</p>
          </div>
          <img class="join-qr" src={JOIN_QR_URL} alt={t('more.joinQr')} width={320} height={320} />
        </section>
      )}
      {content?.injuryDeclarationUrl && (
        <section class="join" aria-labelledby="injury-title" data-testid="injury-declaration">
          <div class="join-text">
            <h2 id="injury-title" class="screen-title">
              {t('more.injury')}
            </h2>
            <p class="screen-hint">{t('more.injuryHint')}</p>
          </div>
          <img
            class="join-qr"
            src={`${INJURY_QR_URL}?u=${encodeURIComponent(content.injuryDeclarationUrl)}`}
            alt={t('more.injuryQr')}
            width={320}
            height={320}
          />
        </section>
      )}
    </div>
  );
}
