import { caseNumberOf } from '@yizhan/shared';
import { useState } from 'preact/hooks';
import { FEEDBACK_STATUSES, type FeedbackCase } from '../../../src/feedback/schema.ts';
import { caseSaveOf, cases, saveCase } from '../model/feedback.ts';
import { formatTime, t, tx } from '../model/i18n.ts';
import { changes, stations } from '../model/overview.ts';
import { isAdmin } from '../model/session.ts';
import { ActionNote, ListState, MoreButton, useLiveList } from './RemoteState.tsx';

export function FeedbackPage() {
  useLiveList(cases, changes.value.feedback);
  const summary = cases.page.value?.summary;
  return (
    <section class="card">
      <h1>{t('feedback.title')}</h1>
      <ListState list={cases} what="load.feedback" />
      {summary && (
        <p class="summary">
          {FEEDBACK_STATUSES.map((s) => (
            <span key={s} class={`pill case-${s}`}>
              {tx('feedbackStatus', s)} {summary.byStatus[s] ?? 0}
            </span>
          ))}
          <span>
            {t('feedback.meanResolve')}: {summary.meanHoursToResolve ?? '—'}
          </span>
        </p>
      )}
      {cases.page.value &&
        (cases.items.value.length === 0 ? (
          <p class="muted">{t('feedback.none')}</p>
        ) : (
          <div class="cases">
            {cases.items.value.map((c) => (
              <CaseCard key={`${c.stationId}/${c.feedbackId}`} item={c} />
            ))}
          </div>
        ))}
      <MoreButton list={cases} />
    </section>
  );
}

function CaseCard(props: { item: FeedbackCase }) {
  const c = props.item;
  const [status, setStatus] = useState(c.status);
  const [assignee, setAssignee] = useState(c.assignee ?? '');
  const [reply, setReply] = useState(c.reply ?? '');
  const station = stations.value.find((s) => s.id === c.stationId);
  const saving = caseSaveOf(c);
  return (
    <article class="case" data-case={c.feedbackId}>
      <header>
        <span class={`pill case-${c.status}`} data-status={c.status}>
          {tx('feedbackStatus', c.status)}
        </span>
        <strong>{tx('feedbackCategory', c.category)}</strong>
        <span class="case-number">
          {t('feedback.caseNumber')} {caseNumberOf(c.feedbackId)}
        </span>
        <span class="muted">
          {station?.name ?? c.stationId} · {formatTime(c.createdAt)}
          {c.place ? ` · ${c.place}` : ''}
        </span>
      </header>
      {isAdmin() ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveCase(c, { status, assignee: assignee.trim() || null, reply: reply.trim() || null });
          }}
        >
          <label>
            {t('station.status')}
            <select
              name="status"
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as FeedbackCase['status'])}
            >
              {FEEDBACK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tx('feedbackStatus', s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('feedback.assignee')}
            <input name="assignee" value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} />
          </label>
          <label class="wide">
            {t('feedback.reply')}
            <input name="reply" value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary small" disabled={saving?.status === 'pending'}>
            {t('feedback.save')}
          </button>
          <ActionNote state={saving} failed="save.failed" done="common.saved" />
        </form>
      ) : (
        <p>
          {c.assignee} {c.reply}
        </p>
      )}
    </article>
  );
}
