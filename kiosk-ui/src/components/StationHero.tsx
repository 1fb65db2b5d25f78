import type { ReadonlySignal } from '@preact/signals';
import type { DoorQr, Occupancy, StationInfo } from '@yizhan/shared';
import { clockText, dateText } from '@yizhan/shared';
import { lang, t, ZH_TEXT } from '../model/i18n.ts';
import { show } from '../model/screen.ts';
import { DoorQrPanel } from './DoorQrPanel.tsx';
import { Icon } from './icons.tsx';

const MOTTO_WORDS = { zh: ['冷可取暖', '热可纳凉', '渴可喝水', '累可歇脚'], en: ['Warm', 'Cool', 'Water', 'Rest'] };

interface HeroProps {
  station: StationInfo | null;
  occupancy: Occupancy | null;
  now: ReadonlySignal<Date>;
  timeZone: string;
  doorQr: DoorQr | null | undefined;
}

export function StationHero({ station, occupancy, now, timeZone, doorQr }: HeroProps) {
  const date = now.value;
  const full = occupancy !== null && occupancy.inside >= occupancy.capacity;
  return (
    <section class="hero">
      <div class="hero-time">
        <span class="hero-clock" data-testid="clock">
          {clockText(date, timeZone)}
        </span>
        <span class="hero-date">{dateText(date, timeZone, lang.value)}</span>
      </div>
      <p class="hero-district" lang={ZH_TEXT}>
        {station?.district ?? ''}
      </p>
      <h1 class="station-name" data-testid="station-name" lang={station ? ZH_TEXT : undefined}>
        {station?.name ?? t('station.fallbackName')}
      </h1>
      <p class="hero-open">
        <span class="hero-open-badge">24h</span>
        {t('station.open24')}
      </p>
      {occupancy && (
        <div class={full ? 'hero-occupancy is-full' : 'hero-occupancy'} data-testid="occupancy">
          <Icon name="people" class="hero-occupancy-icon" />
          <span class="hero-occupancy-label">{t('occupancy.inside')}</span>
          <span class="hero-occupancy-figure">
            <strong>{occupancy.inside}</strong> / {occupancy.capacity}
          </span>
          {full && (
            <button type="button" class="hero-full" onClick={() => show('more')}>
              {t('occupancy.full')}
            </button>
          )}
        </div>
      )}
      <DoorQrPanel qr={doorQr} />
      <p class="hero-tagline">{t('station.welcomeAll')}</p>
      <ul class="hero-motto" aria-label={t('station.motto')}>
        {MOTTO_WORDS[lang.value].map((word) => (
          <li key={word}>{word}</li>
        ))}
      </ul>
    </section>
  );
}
