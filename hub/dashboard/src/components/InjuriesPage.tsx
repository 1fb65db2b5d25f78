import { useEffect, useState } from 'preact/hooks';
import type { CaseView } from '../../../src/injuries/schema.ts';
import { formatTime } from '../model/i18n.ts';
import {
  caseState,
  importList,
  imports,
  lastImport,
  lists,
  posterHref,
  queue,
  showQueue,
  worksCases,
} from '../model/injuries.ts';
import { choiceWord, w, wx } from '../model/injury-words.ts';
import { stations } from '../model/overview.ts';
import { href } from '../model/route.ts';
import { isAdmin } from '../model/session.ts';
import { ActionNote, ListState, MoreButton } from './RemoteState.tsx';
import '../injuries.css';

/** The sub-pages of injury visits, as tabs. */
export function InjuryTabs(props: { current: 'open' | 'closed' | 'analysis' | 'log' }) {
  const tabs = [
    ...(worksCases()
      ? ([
          ['open', href({ page: 'injuries', state: 'open' }), w('queue')],
          ['closed', href({ page: 'injuries', state: 'closed' }), w('closed')],
        ] as const)
      : []),
    ['analysis', href({ page: 'injury-analysis' }), w('analysis')] as const,
  ];
  return (
    <nav class="injury-tabs" aria-label={w('title')}>
      {tabs.map(([key, link, label]) => (
        <a
          key={key}
          href={link}
          class={props.current === key ? 'active' : ''}
          aria-current={props.current === key ? 'page' : undefined}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

/** The pill of a case's step and, with a due day, whether it is overdue. */
export function CaseStatus(props: { c: CaseView }) {
  const { c } = props;
  return (
    <span class="injury-status">
      <span class={`pill injury-${c.status}`} data-status={c.status}>
        {wx('status', c.status)}
      </span>
      {c.due && (
        <span class={`pill due-${c.due}`} data-due={c.due}>
          {c.due === 'overdue' ? w('overdue') : c.due === 'due' ? w('dueToday') : w('upcoming')}
        </span>
      )}
    </span>
  );
}

export function InjuriesPage(props: { state: 'open' | 'closed' }) {
  useEffect(() => showQueue(props.state), [props.state]);
  const known = lists.data.value ?? undefined;
  const page = queue.page.value;
  return (
    <>
      <section class="card">
        <h1>{w('title')}</h1>
        <InjuryTabs current={props.state} />
        <ListState list={queue} what="load.injuries" />
        {page &&
          (queue.items.value.length === 0 ? (
            <p class="muted">{caseState.value === 'open' ? w('none') : w('noneClosed')}</p>
          ) : (
            <table class="injury-queue">
              <thead>
                <tr>
                  <th>{w('caseNo')}</th>
                  <th>{w('status')}</th>
                  <th>{w('due')}</th>
                  <th>{w('enterprise')}</th>
                  <th>{w('cause')}</th>
                  <th>{w('injuredOn')}</th>
                  <th>{w('district')}</th>
                  <th>{w('source')}</th>
                  <th>{w('declaredAt')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.items.value.map((c) => (
                  <tr key={c.caseId} data-case={c.caseId} class={c.due === 'overdue' ? 'overdue' : ''}>
                    <td>
                      <a href={href({ page: 'injury', id: c.caseId })} class="case-no">
                        {c.caseId}
                      </a>
                    </td>
                    <td>
                      <CaseStatus c={c} />
                    </td>
                    <td class="num">{c.nextDue ?? '—'}</td>
                    <td>{c.enterpriseName}</td>
                    <td>{choiceWord(known?.causes, c.cause)}</td>
                    <td class="num">{c.injuredOn}</td>
                    <td>{c.district}</td>
                    <td>{wx('source', c.foundThrough)}</td>
                    <td class="num">{formatTime(c.declaredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        <MoreButton list={queue} />
      </section>
      {props.state === 'open' && (
        <div class="two">
          <ImportCard />
          <PosterCard />
        </div>
      )}
      {isAdmin() && (
        <p class="muted">
          <a href="/api/v1/injury-access-log" target="_blank" rel="noreferrer">
            {w('accessLog')}
          </a>
        </p>
      )}
    </>
  );
}

function ImportCard() {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('labour-bureau');
  const state = imports.states.value.get('import');
  const issues = state?.status === 'failed' ? state.error.issues : [];
  return (
    <section class="card" data-testid="injury-import">
      <h2>{w('import')}</h2>
      <p class="muted">{w('importHint')}</p>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) void importList(file, source);
        }}
      >
        <label>
          {w('importFile')}
          <input
            name="file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label>
          {w('source')}
          <select name="foundThrough" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
            {['labour-bureau', 'enterprise', 'other'].map((s) => (
              <option key={s} value={s}>
                {wx('source', s)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary small" disabled={!file || state?.status === 'pending'}>
            {w('import')}
          </button>
          {issues.length === 0 && <ActionNote state={state} failed="save.failed" />}
          {state?.status === 'done' && lastImport.value && (
            <span role="status" class="muted">
              {w('imported')} {lastImport.value.imported}
            </span>
          )}
        </div>
      </form>
      {issues.length > 0 && (
        <div class="notice error import-issues" role="alert">
          <strong>{w('importFailed')}</strong>
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <code>{i.path}</code> {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function PosterCard() {
  const [station, setStation] = useState('');
  const [site, setSite] = useState('');
  const chosen = station || stations.value[0]?.id || '';
  return (
    <section class="card">
      <h2>{w('posters')}</h2>
      <p class="muted">{w('posterHint')}</p>
      <div class="grid-form">
        <label>
          {w('posterStation')}
          <select name="posterStation" value={chosen} onChange={(e) => setStation(e.currentTarget.value)}>
            {stations.value.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <a class="button primary" href={posterHref(`station:${chosen}`)} target="_blank" rel="noreferrer">
          {w('posterOpen')}
        </a>
        <label>
          {w('posterSite')}
          <input name="posterSite" value={site} onInput={(e) => setSite(e.currentTarget.value)} />
        </label>
        {site.trim() && (
          <a class="button primary" href={posterHref(`site:${site.trim()}`)} target="_blank" rel="noreferrer">
            {w('posterOpen')}
          </a>
        )}
      </div>
    </section>
  );
}
