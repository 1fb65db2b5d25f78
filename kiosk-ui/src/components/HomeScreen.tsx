import type { DeviceState, KioskContent, SwitchedOff } from '@yizhan/shared';
import { currentAnnouncements, eventWeek } from '../model/events.ts';
import { pick, serviceName, t } from '../model/i18n.ts';
import { show } from '../model/screen.ts';
import { unwatchedServices } from '../model/services.ts';
import { EventCard } from './EventsScreen.tsx';
import { Icon } from './icons.tsx';
import { ServicesGrid } from './ServicesGrid.tsx';

interface HomeProps {
  devices: DeviceState[];
  loaded: boolean;
  content: KioskContent | null;
  now: Date;
  timeZone: string;
  switchedOff: SwitchedOff[];
}

/** The three-second glance: what works right now, what else is here, what is on today. */
export function HomeScreen({ devices, loaded, content, now, timeZone, switchedOff }: HomeProps) {
  const others = content ? unwatchedServices(content.services, devices) : [];
  const notices = content ? currentAnnouncements(content.announcements, now) : [];
  const today = content ? eventWeek(content.events, now, timeZone).today : [];
  return (
    <div class="screen home-screen" data-testid="screen-home">
      <ServicesGrid devices={devices} loaded={loaded} now={now} switchedOff={switchedOff} />
      {others.length > 0 && (
        <section class="also-here" aria-labelledby="also-here-title">
          <h2 id="also-here-title">{t('services.alsoHere')}</h2>
          <ul data-testid="also-here">
            {others.map((service) => (
              <li key={service} data-service={service}>
                {serviceName(service)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {notices.length > 0 && (
        <section class="notices" aria-labelledby="notices-title" data-testid="announcements">
          <h2 id="notices-title" class="section-title">
            <Icon name="megaphone" class="section-icon" />
            {t('announcements.title')}
          </h2>
          <ul>
            {notices.map((notice) => (
              <li key={notice.id}>{pick(notice.text)}</li>
            ))}
          </ul>
        </section>
      )}
      {today.length > 0 && (
        <section class="today-teaser" aria-labelledby="today-title">
          <header class="teaser-header">
            <h2 id="today-title" class="section-title">
              <Icon name="calendar" class="section-icon" />
              {t('events.today')}
            </h2>
            <button type="button" class="link-button" onClick={() => show('events')}>
              {t('events.more')}
            </button>
          </header>
          <ul class="event-list">
            {today.slice(0, 2).map((event) => (
              <EventCard key={event.id} event={event} now={now} timeZone={timeZone} compact />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
