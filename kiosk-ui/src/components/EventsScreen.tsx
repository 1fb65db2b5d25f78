import { useSignal } from '@preact/signals';
import type { KioskContent, ScheduledEvent } from '@yizhan/shared';
import { clockText, dateText, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { eventWeek } from '../model/events.ts';
import { categoryKey, lang, pick, t } from '../model/i18n.ts';
import { signInAt } from '../model/kiosk-api.ts';

interface EventCardProps {
  event: ScheduledEvent;
  now: Date;
  timeZone: string;
  /** On the home screen: title and hours only. */
  compact?: boolean;
}

export function EventCard({ event, now, timeZone, compact = false }: EventCardProps) {
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  const running = start <= now && end > now;
  return (
    <li class={running ? 'event-card is-running' : 'event-card'} data-event={event.id}>
      <div class="event-when">
        <span class="event-hours">
          {clockText(start, timeZone)}–{clockText(end, timeZone)}
        </span>
        {running && <span class="event-badge now">{t('events.now')}</span>}
        {event.recurring && (
          <span class="event-badge" data-testid="event-repeats">
            {event.repeats ? pick(event.repeats) : t('events.recurring')}
          </span>
        )}
      </div>
      <h3 class="event-title">{pick(event.title)}</h3>
      {!compact && running && event.signIn && <SignInHere eventId={event.id} />}
      {!compact && event.description && <p class="event-description">{pick(event.description)}</p>}
      {!compact && (event.bring || event.audience) && (
        <dl class="event-facts">
          {event.audience && (
            <div>
              <dt>{t('events.audience')}</dt>
              <dd>{pick(event.audience)}</dd>
            </div>
          )}
          {event.bring && (
            <div>
              <dt>{t('events.bring')}</dt>
              <dd>{pick(event.bring)}</dd>
            </div>
          )}
        </dl>
      )}
    </li>
  );
}

export function EventsScreen({
  content,
  now,
  timeZone,
}: {
  content: KioskContent | null;
  now: Date;
  timeZone: string;
}) {
  const { today, week } = eventWeek(content?.events ?? [], now, timeZone);
  return (
    <div class="screen events-screen" data-testid="screen-events">
      <h2 class="screen-title">{t('events.title')}</h2>
      <section aria-labelledby="events-today">
        <h3 id="events-today" class="day-title">
          {t('events.today')} · {dateText(now, timeZone, lang.value)}
        </h3>
        {today.length > 0 ? (
          <ul class="event-list" data-testid="events-today">
            {today.map((event) => (
              <EventCard key={event.id} event={event} now={now} timeZone={timeZone} />
            ))}
          </ul>
        ) : (
          <p class="empty">{t('events.noneToday')}</p>
        )}
      </section>
      <section aria-labelledby="events-week" data-testid="events-week">
        <h3 id="events-week" class="day-title week">
          {t('events.week')}
        </h3>
        {week.length === 0 && <p class="empty">{t('events.noneWeek')}</p>}
        {week.map((day) => (
          <div key={day.day} class="event-day">
            <h4 class="event-day-title">{dateText(day.at, timeZone, lang.value)}</h4>
            <ul class="event-list">
              {day.events.map((event) => (
                <EventCard key={event.id} event={event} now={now} timeZone={timeZone} />
              ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}

/**
 * 签到 on a running event that asks for it: a member code at the door signs in by itself; without one, a tap on
 * the worker's category counts a sign-in (counted apart by the office).
 */
function SignInHere({ eventId }: { eventId: string }) {
  const stage = useSignal<'idle' | 'choosing' | 'sending' | 'done' | 'failed'>('idle');
  const choose = async (category: WorkerCategory) => {
    stage.value = 'sending';
    const result = await signInAt(eventId, category);
    stage.value = result.ok ? 'done' : 'failed';
  };
  if (stage.value === 'done') {
    return (
      <p class="sign-in-done" role="status" data-testid="signed-in">
        {t('events.signedIn')}
      </p>
    );
  }
  return (
    <div class="sign-in" data-testid="sign-in">
      <p class="sign-in-hint">{t('events.signInHint')}</p>
      {stage.value === 'idle' ? (
        <button
          type="button"
          class="primary-button"
          data-testid="sign-in-start"
          onClick={() => (stage.value = 'choosing')}
        >
          {t('events.signIn')}
        </button>
      ) : (
        <div class="choice-grid">
          {WORKER_CATEGORIES.map((category) => (
            <button
              key={category}
              type="button"
              class="choice"
              data-category={category}
              disabled={stage.value === 'sending'}
              onClick={() => choose(category)}
            >
              {t(categoryKey(category))}
            </button>
          ))}
        </div>
      )}
      {stage.value === 'failed' && (
        <p class="form-error" role="alert">
          {t('walkIn.failed')}
        </p>
      )}
    </div>
  );
}
