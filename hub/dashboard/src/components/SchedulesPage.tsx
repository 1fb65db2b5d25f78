import { useEffect, useState } from 'preact/hooks';
import { recurrenceWords } from '../../../src/schedules/recurrence-words.ts';
import type { ScheduleView, Target } from '../../../src/schedules/schema.ts';
import { lang, pick, t } from '../model/i18n.ts';
import { changes, stations } from '../model/overview.ts';
import {
  attendance,
  deleteSchedule,
  draftOf,
  emptyDraft,
  NEW_SCHEDULE,
  REPEATS,
  type Repeat,
  type ScheduleDraft,
  saveSchedule,
  scheduleActions,
  schedules,
} from '../model/schedules.ts';
import { isAdmin } from '../model/session.ts';
import { ConfirmDelete, TargetSelect } from './FormParts.tsx';
import { ActionNote, ListState, MoreButton, ReadState, useLiveList } from './RemoteState.tsx';

export function targetLabel(target: Target): string {
  if (target.kind === 'all') return t('schedules.targetAll');
  if (target.kind === 'district') return target.district;
  return stations.value.find((s) => s.id === target.stationId)?.name ?? target.stationId;
}

export function SchedulesPage() {
  useLiveList(schedules, changes.value.schedules);
  const [editing, setEditing] = useState<ScheduleView | null>(null);
  return (
    <>
      {isAdmin() && (
        <ScheduleForm key={editing?.id ?? NEW_SCHEDULE} editing={editing} onDone={() => setEditing(null)} />
      )}
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
                  <tr key={s.id} data-schedule={s.id} class={editing?.id === s.id ? 'editing' : ''}>
                    <td>
                      {s.title[lang.value]}
                      {s.bring && (
                        <div class="muted">
                          {t('schedules.bring')}
                          {t('common.colon')}
                          {pick(s.bring)}
                        </div>
                      )}
                    </td>
                    <td>{targetLabel(s.target)}</td>
                    <td>{s.startsLocal.replace('T', ' ')}</td>
                    <td>{s.endsLocal.replace('T', ' ')}</td>
                    <td data-rrule={s.rrule ?? ''}>
                      {s.rrule ? pick(recurrenceWords(s.rrule, s.startsLocal)) : t('schedules.once')}
                    </td>
                    <td>
                      <div class="row-actions">
                        {isAdmin() && (
                          <>
                            <button type="button" class="link" onClick={() => setEditing(s)}>
                              {t('common.edit')}
                            </button>
                            <ConfirmDelete
                              what={s.title[lang.value]}
                              disabled={scheduleActions.states.value.get(`delete:${s.id}`)?.status === 'pending'}
                              onConfirm={() => void deleteSchedule(s.id)}
                            />
                          </>
                        )}
                        <ActionNote state={scheduleActions.states.value.get(`delete:${s.id}`)} failed="delete.failed" />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        <MoreButton list={schedules} />
        <DeletedNote />
      </section>
      <Attendance />
    </>
  );
}

/** 活动签到: each occurrence's sign-ins of the last 30 days, by member code and by kiosk tap. */
function Attendance() {
  useEffect(() => void attendance.load(), [changes.value.schedules]);
  const report = attendance.data.value;
  const rows = new Map<string, { title: string; day: string; code: number; tap: number }>();
  report?.rows.forEach((row, i) => {
    const shown = report.display?.rows[i];
    const id = String(row.eventId);
    const entry = rows.get(id) ?? { title: String(shown?.[1] ?? ''), day: String(row.day), code: 0, tap: 0 };
    entry[row.method === 'tap' ? 'tap' : 'code'] += Number(row.count);
    rows.set(id, entry);
  });
  return (
    <section class="card">
      <h2>{t('attendance.title')}</h2>
      <ReadState remote={attendance} what="load.attendance" />
      {report &&
        (rows.size === 0 ? (
          <p class="muted">{t('attendance.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('schedules.titleZh')}</th>
                <th>{t('attendance.day')}</th>
                <th class="num">{t('attendance.code')}</th>
                <th class="num">{t('attendance.tap')}</th>
                <th class="num">{t('attendance.total')}</th>
              </tr>
            </thead>
            <tbody>
              {[...rows].map(([id, r]) => (
                <tr key={id} data-attendance={id}>
                  <td>{r.title}</td>
                  <td>{r.day}</td>
                  <td class="num">{r.code}</td>
                  <td class="num">{r.tap}</td>
                  <td class="num" data-total>
                    {r.code + r.tap}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

/** Says a delete happened, after the row is gone: the row's own note goes with it. */
function DeletedNote() {
  const done = [...scheduleActions.states.value].some(([key, s]) => key.startsWith('delete:') && s.status === 'done');
  return done ? (
    <p role="status" class="muted">
      {t('schedules.deleted')}
    </p>
  ) : null;
}

function ScheduleForm(props: { editing: ScheduleView | null; onDone: () => void }) {
  const { editing } = props;
  const key = editing?.id ?? NEW_SCHEDULE;
  const [draft, setDraft] = useState<ScheduleDraft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const edit = (change: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...change }));
  useEffect(() => scheduleActions.forget(key), [key]);
  const saving = scheduleActions.states.value.get(key);
  const repeats: Repeat[] = [
    ...(Object.keys(REPEATS) as Repeat[]),
    ...(draft.repeat === 'custom' ? ['custom' as const] : []),
  ];
  const field = (name: keyof ScheduleDraft, label: Parameters<typeof t>[0], required = false) => (
    <label>
      {t(label)}
      <input
        name={name}
        required={required}
        value={draft[name] as string}
        onInput={(e) => edit({ [name]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <section class="card" data-form={editing ? 'edit' : 'new'}>
      <h2>{editing ? `${t('schedules.edit')}：${editing.title[lang.value]}` : t('schedules.new')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void saveSchedule(draft, editing ?? undefined).then((saved) => {
            if (saved && !editing) setDraft((d) => ({ ...emptyDraft(), target: d.target, day: d.day }));
          });
        }}
      >
        {field('titleZh', 'schedules.titleZh', true)}
        {field('titleEn', 'schedules.titleEn')}
        {field('descriptionZh', 'schedules.descriptionZh')}
        {field('descriptionEn', 'schedules.descriptionEn')}
        {field('bringZh', 'schedules.bringZh')}
        {field('bringEn', 'schedules.bringEn')}
        <TargetSelect value={draft.target} onChange={(target) => edit({ target })} />
        <label class="check">
          <input
            name="signIn"
            type="checkbox"
            checked={draft.signIn}
            onChange={(e) => edit({ signIn: e.currentTarget.checked })}
          />
          {t('schedules.signIn')}
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
            {repeats.map((r) => (
              <option key={r} value={r}>
                {r === 'custom' && draft.rrule
                  ? pick(recurrenceWords(draft.rrule, `${draft.day}T${draft.start}`))
                  : t(`schedules.${r as keyof typeof REPEATS}`)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={saving?.status === 'pending'}>
            {t('schedules.save')}
          </button>
          {editing && (
            <button type="button" class="secondary" onClick={props.onDone}>
              {t('common.cancel')}
            </button>
          )}
          <ActionNote state={saving} failed="save.failed" done="schedules.saved" />
        </div>
      </form>
    </section>
  );
}
