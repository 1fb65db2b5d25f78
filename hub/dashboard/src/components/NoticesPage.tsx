import { useEffect, useState } from 'preact/hooks';
import type { AnnouncementRecord } from '../../../src/schedules/schema.ts';
import {
  announcements,
  deleteNotice,
  emptyNotice,
  NEW_NOTICE,
  type NoticeDraft,
  noticeActions,
  noticeDraftOf,
  noticeState,
  saveNotice,
} from '../model/announcements.ts';
import { formatTime, lang, t, tx } from '../model/i18n.ts';
import { changes } from '../model/overview.ts';
import { isAdmin } from '../model/session.ts';
import { ConfirmDelete, TargetSelect } from './FormParts.tsx';
import { ActionNote, ListState, MoreButton, useLiveList } from './RemoteState.tsx';
import { targetLabel } from './SchedulesPage.tsx';

/** 通知公告: notices the kiosks show, each for all stations, a district or one station, from a time to a time. */
export function NoticesPage() {
  // Announcements change with schedules: the hub says so under the same hint.
  useLiveList(announcements, changes.value.schedules);
  const [editing, setEditing] = useState<AnnouncementRecord | null>(null);
  const now = Date.now();
  return (
    <>
      {isAdmin() && <NoticeForm key={editing?.id ?? NEW_NOTICE} editing={editing} onDone={() => setEditing(null)} />}
      <section class="card">
        <h1>{t('notices.title')}</h1>
        <ListState list={announcements} what="load.notices" />
        {announcements.page.value &&
          (announcements.items.value.length === 0 ? (
            <p class="muted">{t('notices.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('notices.state')}</th>
                  <th>{t('notices.text')}</th>
                  <th>{t('schedules.target')}</th>
                  <th>{t('notices.from')}</th>
                  <th>{t('notices.until')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {announcements.items.value.map((a) => {
                  const state = noticeState(a, now);
                  return (
                    <tr key={a.id} data-notice-id={a.id}>
                      <td>
                        <span class={`pill notice-${state}`} data-state={state}>
                          {tx('noticeState', state)}
                        </span>
                      </td>
                      <td>{a.text[lang.value]}</td>
                      <td>{targetLabel(a.target)}</td>
                      <td>{formatTime(a.startsAt)}</td>
                      <td>{a.endsAt ? formatTime(a.endsAt) : t('notices.untilRemoved')}</td>
                      <td>
                        <div class="row-actions">
                          {isAdmin() && (
                            <>
                              <button type="button" class="link" onClick={() => setEditing(a)}>
                                {t('common.edit')}
                              </button>
                              <ConfirmDelete what={a.text[lang.value]} onConfirm={() => void deleteNotice(a.id)} />
                            </>
                          )}
                          <ActionNote state={noticeActions.states.value.get(`delete:${a.id}`)} failed="delete.failed" />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ))}
        <MoreButton list={announcements} />
        {[...noticeActions.states.value].some(([k, s]) => k.startsWith('delete:') && s.status === 'done') && (
          <p role="status" class="muted">
            {t('schedules.deleted')}
          </p>
        )}
      </section>
    </>
  );
}

function NoticeForm(props: { editing: AnnouncementRecord | null; onDone: () => void }) {
  const { editing } = props;
  const key = editing?.id ?? NEW_NOTICE;
  const [draft, setDraft] = useState<NoticeDraft>(() => (editing ? noticeDraftOf(editing) : emptyNotice()));
  const edit = (change: Partial<NoticeDraft>) => setDraft((d) => ({ ...d, ...change }));
  useEffect(() => noticeActions.forget(key), [key]);
  const saving = noticeActions.states.value.get(key);
  return (
    <section class="card" data-form={editing ? 'edit' : 'new'}>
      <h2>{editing ? t('notices.edit') : t('notices.new')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void saveNotice(draft, editing ?? undefined).then((saved) => {
            if (saved && !editing) setDraft(emptyNotice());
          });
        }}
      >
        <label class="wide">
          {t('notices.textZh')}
          <textarea
            name="textZh"
            required
            maxLength={500}
            value={draft.textZh}
            onInput={(e) => edit({ textZh: e.currentTarget.value })}
          />
        </label>
        <label class="wide">
          {t('notices.textEn')}
          <textarea
            name="textEn"
            maxLength={500}
            value={draft.textEn}
            onInput={(e) => edit({ textEn: e.currentTarget.value })}
          />
        </label>
        <TargetSelect value={draft.target} onChange={(target) => edit({ target })} />
        <label>
          {t('notices.from')}
          <input
            name="startsLocal"
            type="datetime-local"
            required
            value={draft.startsLocal}
            onChange={(e) => edit({ startsLocal: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('notices.until')}
          <input
            name="endsLocal"
            type="datetime-local"
            value={draft.endsLocal}
            onChange={(e) => edit({ endsLocal: e.currentTarget.value })}
          />
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
          <ActionNote state={saving} failed="save.failed" done="notices.saved" />
        </div>
      </form>
    </section>
  );
}
