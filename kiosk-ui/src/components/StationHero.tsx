import type { ReadonlySignal } from '@preact/signals';
import type { StationInfo } from '@yizhan/shared';
import { lang, t } from '../model/i18n.ts';

const MOTTO_WORDS = { zh: ['冷可取暖', '热可纳凉', '渴可喝水', '累可歇脚'], en: ['Warm', 'Cool', 'Water', 'Rest'] };

export function StationHero({ station, now }: { station: StationInfo | null; now: ReadonlySignal<Date> }) {
  const locale = lang.value === 'zh' ? 'zh-CN' : 'en-GB';
  const date = now.value;
  return (
    <section class="hero">
      <div class="hero-time">
        <span class="hero-clock">
          {date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false })}
        </span>
        <span class="hero-date">
          {date.toLocaleDateString(locale, { month: 'long', day: 'numeric', weekday: 'long' })}
        </span>
      </div>
      <p class="hero-district">{station?.district ?? ''}</p>
      <h1 class="station-name" data-testid="station-name">
        {station?.name ?? t('station.fallbackName')}
      </h1>
      <p class="hero-open">
        <span class="hero-open-badge">24h</span>
        {t('station.open24')}
      </p>
      <p class="hero-tagline">{t('station.welcomeAll')}</p>
      <ul class="hero-motto" aria-label={t('station.motto')}>
        {MOTTO_WORDS[lang.value].map((word) => (
          <li key={word}>{word}</li>
        ))}
      </ul>
    </section>
  );
}
