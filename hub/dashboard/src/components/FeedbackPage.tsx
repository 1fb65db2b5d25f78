import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../model/api.ts';
import { formatTime, t, tx } from '../model/i18n.ts';
import { changes, stations } from '../model/live.ts';
import { isAdmin } from '../model/session.ts';
import type { FeedbackCase } from '../model/types.ts';

const STATUSES = ['new', 'assessing', 'assigned', 'follow-up', 'resolved'] as const;

interface CaseList {
  cases: FeedbackCase[];
  summary: { total: number; byStatus: Record<string, number>; meanHoursToResolve: number | null };
}

export function FeedbackPage() {
  const [list, setList] = useState<CaseList | null>(null);
  const load = () => void get<CaseList>('/feedback').then(setList);
  useEffect(load, [changes.value.feedback]);
  if (!list) return null;
  return (
    <section class="card">
      <h1>{t('feedback.title')}</h1>
      <p class="summary">
        {STATUSES.map((s) => (
          <span key={s} class={`pill case-${s}`}>
            {tx('feedbackStatus', s)} {list.summary.byStatus[s] ?? 0}
          </span>
        ))}
        <span>
          {t('feedback.meanResolve')}: {list.summary.meanHoursToResolve ?? '—'}
        </span>
      </p>
      {list.cases.length === 0 ? (
        <p class="muted">{t('feedback.none')}</p>
      ) : (
        <div class="cases">
          {list.cases.map((c) => (
            <CaseCard key={`${c.stationId}/${c.feedbackId}`} item={c} onSaved={load} />
          ))}
        </div>
      )}
    </section>
  );
}

function CaseCard(props: { item: FeedbackCase; onSaved: () => void }) {
  const c = props.item;
  const [status, setStatus] = useState(c.status);
  const [assignee, setAssignee] = useState(c.assignee ?? '');
  const [reply, setReply] = useState(c.reply ?? '');
  const station = stations.value.find((s) => s.id === c.stationId);
  const save = async () => {
    await api('PATCH', `/stations/${c.stationId}/feedback/${encodeURIComponent(c.feedbackId)}`, {
      status,
      assignee: assignee.trim() || null,
      reply: reply.trim() || null,
    });
    props.onSaved();
  };
  return (
    <article class="case" data-case={c.feedbackId}>
      <header>
        <span class={`pill case-${c.status}`} data-status={c.status}>
          {tx('feedbackStatus', c.status)}
        </span>
        <strong>{tx('feedbackCategory', c.category)}</strong>
        <span class="muted">
          {station?.name ?? c.stationId} · {formatTime(c.createdAt)}
          {c.place ? ` · ${c.place}` : ''}
        </span>
      </header>
      {isAdmin() ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {t('station.status')}
            <select
              name="status"
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as FeedbackCase['status'])}
            >
              {STATUSES.map((s) => (
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
          <button type="submit" class="primary small">
            {t('feedback.save')}
          </button>
        </form>
      ) : (
        <p>
          {c.assignee} {c.reply}
        </p>
      )}
    </article>
  );
}
