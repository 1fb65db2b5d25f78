import { useEffect, useState } from 'preact/hooks';
import type { CaseView } from '../../../src/injuries/schema.ts';
import { formatTime } from '../model/i18n.ts';
import {
  accessEntries,
  addEnterprise,
  caseState,
  enterCase,
  enterpriseActions,
  enterprises,
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
    ...(isAdmin() ? ([['log', href({ page: 'injury-log' }), w('accessLog')]] as const) : []),
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
        <>
          <NewCaseCard />
          <div class="two">
            <ImportCard />
            <PosterCard />
          </div>
        </>
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
  const [firm, setFirm] = useState('');
  const [name, setName] = useState('');
  const [industry, setIndustry] = useState('');
  const chosen = station || stations.value[0]?.id || '';
  const listed = enterprises.data.value?.enterprises ?? [];
  const firmChosen = firm || listed[0]?.enterpriseId || '';
  const known = lists.data.value;
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
        {listed.length > 0 && (
          <>
            <label>
              {w('enterprise')}
              <select name="posterEnterprise" value={firmChosen} onChange={(e) => setFirm(e.currentTarget.value)}>
                {listed.map((x) => (
                  <option key={x.enterpriseId} value={x.enterpriseId}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            <a class="button primary" href={posterHref(`enterprise:${firmChosen}`)} target="_blank" rel="noreferrer">
              {w('posterOpen')}
            </a>
          </>
        )}
      </div>
      <h2 class="card-part">{w('enterprises')}</h2>
      <p class="muted">{w('enterprisesHint')}</p>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void addEnterprise({ name: name.trim(), industry }).then((ok) => ok && setName(''));
        }}
      >
        <label>
          {w('enterpriseName')}
          <input name="newEnterprise" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {w('industry')}
          <select name="newEnterpriseIndustry" value={industry} onChange={(e) => setIndustry(e.currentTarget.value)}>
            <option value="" />
            {(known?.industries ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {choiceWord(known?.industries, c.id)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="small" disabled={!name.trim() || !industry}>
            {w('addEnterprise')}
          </button>
          <ActionNote state={enterpriseActions.states.value.get('add')} failed="save.failed" done="common.saved" />
        </div>
      </form>
    </section>
  );
}

const FIELDS = ['name', 'phone', 'enterpriseName', 'injuredOn', 'place', 'hospital', 'injury'] as const;

/** A case the office found through an enterprise or the labour bureau, entered by hand. */
function NewCaseCard() {
  const known = lists.data.value;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({ foundThrough: 'enterprise' });
  const state = imports.states.value.get('enter');
  const issues = state?.status === 'failed' ? state.error.issues : [];
  const districts = [...new Set(stations.value.map((s) => s.district))];
  const set = (name: string) => (e: { currentTarget: { value: string } }) =>
    setValues({ ...values, [name]: e.currentTarget.value });
  const issueOf = (name: string) => issues.find((i) => i.path === name)?.message;
  const select = (name: 'industry' | 'post' | 'cause', list: readonly { id: string; zh: string; en: string }[]) => (
    <label>
      {w(name)}
      <select name={name} value={values[name] ?? ''} onChange={set(name)}>
        <option value="" />
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {choiceWord(list, c.id)}
          </option>
        ))}
      </select>
      {issueOf(name) && <span class="action-error">{issueOf(name)}</span>}
    </label>
  );
  if (!open) {
    return (
      <p>
        <button type="button" class="primary small" onClick={() => setOpen(true)}>
          {w('newCase')}
        </button>
      </p>
    );
  }
  return (
    <section class="card" data-testid="injury-new">
      <h2>{w('newCase')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
          void enterCase({ ...body, help: [] });
        }}
      >
        {FIELDS.map((name) => (
          <label key={name}>
            {w(name)}
            <input
              name={name}
              type={name === 'injuredOn' ? 'date' : 'text'}
              list={name === 'enterpriseName' ? 'injury-enterprises' : undefined}
              value={values[name] ?? ''}
              onInput={set(name)}
            />
            {issueOf(name) && <span class="action-error">{issueOf(name)}</span>}
          </label>
        ))}
        <datalist id="injury-enterprises">
          {(enterprises.data.value?.enterprises ?? []).map((e) => (
            <option key={e.enterpriseId} value={e.name} />
          ))}
        </datalist>
        <label>
          {w('district')}
          <select name="district" value={values.district ?? ''} onChange={set('district')}>
            <option value="" />
            {districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          {issueOf('district') && <span class="action-error">{issueOf('district')}</span>}
        </label>
        {known && select('industry', known.industries)}
        {known && select('post', known.posts)}
        {known && select('cause', known.causes)}
        <label>
          {w('source')}
          <select name="foundThrough" value={values.foundThrough} onChange={set('foundThrough')}>
            {['enterprise', 'labour-bureau', 'other'].map((s) => (
              <option key={s} value={s}>
                {wx('source', s)}
              </option>
            ))}
          </select>
        </label>
        <label class="wide">
          {w('note')}
          <input name="note" value={values.note ?? ''} onInput={set('note')} />
        </label>
        <div class="actions">
          <button type="submit" class="primary small" disabled={state?.status === 'pending'}>
            {w('save')}
          </button>
          {issues.length === 0 && <ActionNote state={state} failed="save.failed" />}
        </div>
      </form>
    </section>
  );
}

export function InjuryAccessLogPage() {
  useEffect(() => {
    void accessEntries.load();
  }, []);
  return (
    <section class="card">
      <h1>{w('title')}</h1>
      <InjuryTabs current="log" />
      <ListState list={accessEntries} what="load.injuries" />
      <table data-testid="injury-access-log">
        <thead>
          <tr>
            <th>{w('at')}</th>
            <th>{w('who')}</th>
            <th>{w('caseNo')}</th>
            <th>{w('what')}</th>
          </tr>
        </thead>
        <tbody>
          {accessEntries.items.value.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.at)}</td>
              <td>{e.username}</td>
              <td>
                <a href={href({ page: 'injury', id: e.caseId })} class="case-no">
                  {e.caseId}
                </a>
              </td>
              <td>{wx('log', e.what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton list={accessEntries} />
    </section>
  );
}
