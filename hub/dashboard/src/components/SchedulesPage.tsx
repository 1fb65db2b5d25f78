import { useEffect, useState } from 'preact/hooks';
import type { Target } from '../../../src/schedules/schema.ts';
import { lang, t } from '../model/i18n.ts';
import { changes, overview, stations } from '../model/overview.ts';
import {
  createSchedule,
  deleteSchedule,
  firstDraftDay,
  NEW_SCHEDULE,
  REPEATS,
  type Repeat,
  type ScheduleDraft,
  scheduleActions,
  schedules,
} from '../model/schedules.ts';
import { isAdmin } from '../model/session.ts';
import { ActionNote, ListState, MoreButton, useLiveList } from './RemoteState.tsx';

export function SchedulesPage() {
  useLiveList(schedules, changes.value.schedules);
  const targetLabel = (target: Target) => {
    if (target.kind === 'all') return t('schedules.targetAll');
    if (target.kind === 'district') return target.district;
    return stations.value.find((s) => s.id === target.stationId)?.name ?? target.stationId;
  };
  return (
    <>
      {isAdmin() && <ScheduleForm />}
      <section class="card">
        <h1>{t('schedules.title')}</h1>
        <ListState list={schedules} what="load.schedules" />
        {schedules.page.value &&
          (schedules.items.value.length === 0 ? (
            <p class="muted">{t('schedules.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('schedules.titleZh')}</th>
                  <th>{t('schedules.target')}</th>
                  <th>{t('schedules.start')}</th>
                  <th>{t('schedules.end')}</th>
                  <th>{t('schedules.repeat')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {schedules.items.value.map((s) => (
                  <tr key={s.id} data-schedule={s.id}>
                    <td>{s.title[lang.value]}</td>
                    <td>{targetLabel(s.target)}</td>
                    <td>{s.startsLocal.replace('T', ' ')}</td>
                    <td>{s.endsLocal.replace('T', ' ')}</td>
                    <td>
                      <code>{s.rrule ?? t('schedules.once')}</code>
                    </td>
                    <td>
                      {isAdmin() && (
                        <button type="button" class="link" onClick={() => void deleteSchedule(s.id)}>
                          {t('schedules.delete')}
                        </button>
                      )}
                      <ActionNote state={scheduleActions.states.value.get(s.id)} failed="delete.failed" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        <MoreButton list={schedules} />
      </section>
    </>
  );
}

function ScheduleForm() {
  const [draft, setDraft] = useState<ScheduleDraft>(() => ({
    titleZh: '',
    titleEn: '',
    target: 'all',
    day: firstDraftDay(),
    start: '09:00',
    end: '11:00',
    repeat: 'weekly',
  }));
  const edit = (change: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...change }));
  useEffect(() => scheduleActions.forget(NEW_SCHEDULE), []);
  const saving = scheduleActions.states.value.get(NEW_SCHEDULE);
  return (
    <section class="card">
      <h2>{t('schedules.new')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void createSchedule(draft).then((saved) => {
            if (saved) edit({ titleZh: '', titleEn: '' });
          });
        }}
      >
        <label>
          {t('schedules.titleZh')}
          <input
            name="titleZh"
            required
            value={draft.titleZh}
            onInput={(e) => edit({ titleZh: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('schedules.titleEn')}
          <input name="titleEn" value={draft.titleEn} onInput={(e) => edit({ titleEn: e.currentTarget.value })} />
        </label>
        <label>
          {t('schedules.target')}
          <select name="target" value={draft.target} onChange={(e) => edit({ target: e.currentTarget.value })}>
            <option value="all">{t('schedules.targetAll')}</option>
            {overview.value?.districts.map((d) => (
              <option key={d.district} value={`district:${d.district}`}>
                {d.district}
              </option>
            ))}
            {stations.value.map((s) => (
              <option key={s.id} value={`station:${s.id}`}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('schedules.start')}
          <span class="inline">
            <input name="day" type="date" value={draft.day} onChange={(e) => edit({ day: e.currentTarget.value })} />
            <input
              name="start"
              type="time"
              value={draft.start}
              onChange={(e) => edit({ start: e.currentTarget.value })}
            />
          </span>
        </label>
        <label>
          {t('schedules.end')}
          <input name="end" type="time" value={draft.end} onChange={(e) => edit({ end: e.currentTarget.value })} />
        </label>
        <label>
          {t('schedules.repeat')}
          <select
            name="repeat"
            value={draft.repeat}
            onChange={(e) => edit({ repeat: e.currentTarget.value as Repeat })}
          >
            {(Object.keys(REPEATS) as Repeat[]).map((r) => (
              <option key={r} value={r}>
                {t(`schedules.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={saving?.status === 'pending'}>
            {t('schedules.save')}
          </button>
          <ActionNote state={saving} failed="save.failed" done="schedules.saved" />
        </div>
      </form>
    </section>
  );
}
