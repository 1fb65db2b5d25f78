import { useEffect, useState } from 'preact/hooks';
import {
  type CaseDetail,
  CLOSE_REASONS,
  INELIGIBLE_REASONS,
  type InjuryLists,
  OUTCOMES,
} from '../../../src/injuries/schema.ts';
import { formatTime } from '../model/i18n.ts';
import { detail, lists, personal, revealPersonal, runStep, showCase, steps } from '../model/injuries.ts';
import { choiceWord, w, wx } from '../model/injury-words.ts';
import { href } from '../model/route.ts';
import { CaseStatus } from './InjuriesPage.tsx';
import { ActionNote, ReadState } from './RemoteState.tsx';
import '../injuries.css';

/** One case: its facts, its personal fields on request (logged), the next step, and its activity log. */
export function InjuryCasePage(props: { id: string }) {
  useEffect(() => showCase(props.id), [props.id]);
  const shown = detail.data.value;
  const known = lists.data.value ?? undefined;
  return (
    <>
      <p>
        <a href={href({ page: 'injuries', state: 'open' })}>← {w('back')}</a>
      </p>
      <ReadState remote={detail} what="load.injuries" />
      {shown && shown.case.caseId === props.id && (
        <>
          <section class="card injury-case" data-case={shown.case.caseId}>
            <header class="injury-head">
              <h1 class="case-no">{shown.case.caseId}</h1>
              <CaseStatus c={shown.case} />
              {shown.case.nextDue && (
                <span class="muted">
                  {shown.case.dueKind === 'visit' ? w('visitDue') : w('followUpDue')} · {w('due')} {shown.case.nextDue}
                </span>
              )}
              {shown.case.closedReason && <span class="muted">{wx('closed', shown.case.closedReason)}</span>}
            </header>
            <Facts detail={shown} lists={known} />
          </section>
          <div class="two">
            <PersonalCard detail={shown} />
            <StepCard detail={shown} />
          </div>
          <section class="card">
            <h2>{w('activity')}</h2>
            <ol class="injury-activity">
              {shown.activity.map((a) => (
                <li key={a.seq} data-action={a.action}>
                  <span class="muted">{formatTime(a.at)}</span> <strong>{wx('action', a.action)}</strong>{' '}
                  <span class="muted">{a.actor}</span> <span>{summary(a.details)}</span>
                  {a.hasNote && <span class="pill note-pill">{w('note')}</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}

/** An entry's details in a line: reasons and outcomes in words, lists joined. */
function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => {
      if (k === 'outcome') return wx('outcome', String(v));
      if (k === 'reason')
        return wx('ineligible', String(v)) === String(v) ? wx('closed', String(v)) : wx('ineligible', String(v));
      if (k === 'eligible') return v ? w('eligibleYes') : w('eligibleNo');
      if (typeof v === 'boolean')
        return v ? wx('help', k === 'legalAid' ? 'legal-aid' : k === 'mutualAid' ? 'mutual-aid' : k) : '';
      if (Array.isArray(v)) return v.join('、');
      if (k === 'condolenceYuan') return `${w('condolence')} ${v}`;
      if (k === 'nextDue') return `→ ${w('due')} ${v}`;
      return String(v);
    })
    .filter(Boolean)
    .join(' · ');
}

function Facts(props: { detail: CaseDetail; lists: InjuryLists | undefined }) {
  const c = props.detail.case;
  const rows: [string, string][] = [
    [w('enterprise'), c.enterpriseName],
    [w('industry'), choiceWord(props.lists?.industries, c.industry)],
    [w('post'), choiceWord(props.lists?.posts, c.post)],
    [w('cause'), choiceWord(props.lists?.causes, c.cause)],
    [w('injuredOn'), c.injuredOn],
    [w('district'), c.district],
    [w('place'), c.place ?? '—'],
    [w('source'), wx('source', c.foundThrough)],
    [w('help'), c.help.map((h) => wx('help', h)).join('、') || '—'],
    [w('declaredAt'), formatTime(c.declaredAt)],
  ];
  return (
    <dl class="injury-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function PersonalCard(props: { detail: CaseDetail }) {
  const read = personal.data.value;
  const mine = read && read.caseId === props.detail.case.caseId ? read : null;
  const p = mine?.personal;
  return (
    <section class="card" data-testid="injury-personal">
      <h2>{w('personal')}</h2>
      <p class="muted">{w('personalHint')}</p>
      <ReadState remote={personal} what="load.injuries" />
      {props.detail.case.erasedAt ? (
        <p class="muted">{w('erased')}</p>
      ) : !mine ? (
        <button
          type="button"
          class="primary small"
          onClick={() => void revealPersonal()}
          disabled={personal.loading.value}
        >
          {w('reveal')}
        </button>
      ) : (
        <>
          {p && (
            <dl class="injury-facts personal">
              {(
                [
                  [w('name'), p.name],
                  [w('phone'), p.phone],
                  [w('hospital'), p.hospital],
                  [w('injury'), p.injury],
                  [w('helpNote'), p.helpNote],
                  [w('declarant'), p.declarantName ? `${p.declarantName} ${p.declarantPhone ?? ''}` : null],
                ] as const
              )
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
            </dl>
          )}
          {mine.notes.length > 0 && (
            <>
              <h3>{w('notes')}</h3>
              <ul class="plain">
                {mine.notes.map((n) => (
                  <li key={n.seq}>
                    <span class="muted">#{n.seq}</span> {n.note}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The step the case is at, as a form; a note can always be added. */
function StepCard(props: { detail: CaseDetail }) {
  const c = props.detail.case;
  const state = steps.states.value.get('step');
  return (
    <section class="card" data-testid="injury-step">
      {c.status === 'declared' && <ScreenForm />}
      {(c.status === 'eligible' || c.status === 'long-term-care') && <VisitForm today={props.detail.today} />}
      {(c.status === 'visited' || c.status === 'treatment') && <FollowUpForm today={props.detail.today} />}
      {c.status !== 'closed' && <CloseForm />}
      {!c.erasedAt && <NoteForm />}
      <ActionNote state={state} failed="save.failed" done="common.saved" />
    </section>
  );
}

function ScreenForm() {
  const [eligible, setEligible] = useState(true);
  const [reason, setReason] = useState<string>(INELIGIBLE_REASONS[0]);
  return (
    <form
      class="grid-form step-form"
      data-step="screening"
      onSubmit={(e) => {
        e.preventDefault();
        void runStep('screening', eligible ? { eligible: true } : { eligible: false, reason });
      }}
    >
      <h2>{w('screen')}</h2>
      <label class="check">
        <input type="radio" name="eligible" checked={eligible} onChange={() => setEligible(true)} /> {w('eligibleYes')}
      </label>
      <label class="check">
        <input type="radio" name="eligible" value="no" checked={!eligible} onChange={() => setEligible(false)} />{' '}
        {w('eligibleNo')}
      </label>
      {!eligible && (
        <label>
          {w('reason')}
          <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {INELIGIBLE_REASONS.map((r) => (
              <option key={r} value={r}>
                {wx('ineligible', r)}
              </option>
            ))}
          </select>
        </label>
      )}
      <SaveRow />
    </form>
  );
}

function VisitForm(props: { today: string }) {
  const [visitedOn, setVisitedOn] = useState(props.today);
  const [visitors, setVisitors] = useState('');
  const [condolence, setCondolence] = useState('');
  const [gift, setGift] = useState('');
  const [legalAid, setLegalAid] = useState(false);
  const [mutualAid, setMutualAid] = useState(false);
  const [note, setNote] = useState('');
  return (
    <form
      class="grid-form step-form"
      data-step="visit"
      onSubmit={(e) => {
        e.preventDefault();
        void runStep('visits', {
          visitedOn,
          visitors: visitors
            .split(/[,，、]/)
            .map((v) => v.trim())
            .filter(Boolean),
          ...(condolence.trim() ? { condolenceYuan: Number(condolence) } : {}),
          ...(gift.trim() ? { gift: gift.trim() } : {}),
          legalAid,
          mutualAid,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      }}
    >
      <h2>{w('visit')}</h2>
      <label>
        {w('visitedOn')}
        <input
          name="visitedOn"
          type="date"
          value={visitedOn}
          max={props.today}
          onChange={(e) => setVisitedOn(e.currentTarget.value)}
        />
      </label>
      <label>
        {w('visitors')}
        <input name="visitors" value={visitors} onInput={(e) => setVisitors(e.currentTarget.value)} />
      </label>
      <label>
        {w('condolence')}
        <input
          name="condolenceYuan"
          inputMode="numeric"
          value={condolence}
          onInput={(e) => setCondolence(e.currentTarget.value)}
        />
      </label>
      <label>
        {w('gift')}
        <input name="gift" value={gift} onInput={(e) => setGift(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="legalAid"
          checked={legalAid}
          onChange={(e) => setLegalAid(e.currentTarget.checked)}
        />{' '}
        {w('legalAid')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="mutualAid"
          checked={mutualAid}
          onChange={(e) => setMutualAid(e.currentTarget.checked)}
        />{' '}
        {w('mutualAid')}
      </label>
      <NoteField note={note} setNote={setNote} />
      <SaveRow />
    </form>
  );
}

function FollowUpForm(props: { today: string }) {
  const [calledOn, setCalledOn] = useState(props.today);
  const [outcome, setOutcome] = useState<string>('recovered');
  const [note, setNote] = useState('');
  return (
    <form
      class="grid-form step-form"
      data-step="follow-up"
      onSubmit={(e) => {
        e.preventDefault();
        void runStep('follow-ups', { calledOn, outcome, ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <h2>{w('followUp')}</h2>
      <label>
        {w('calledOn')}
        <input
          name="calledOn"
          type="date"
          value={calledOn}
          max={props.today}
          onChange={(e) => setCalledOn(e.currentTarget.value)}
        />
      </label>
      {OUTCOMES.map((o) => (
        <label class="check" key={o}>
          <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{' '}
          {wx('outcome', o)}
        </label>
      ))}
      <NoteField note={note} setNote={setNote} />
      <SaveRow />
    </form>
  );
}

function CloseForm() {
  const [reason, setReason] = useState<string>(CLOSE_REASONS[0]);
  return (
    <form
      class="inline step-form close-form"
      data-step="close"
      onSubmit={(e) => {
        e.preventDefault();
        void runStep('close', { reason });
      }}
    >
      <label>
        {w('close')}
        <select name="closeReason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
          {CLOSE_REASONS.map((r) => (
            <option key={r} value={r}>
              {wx('closed', r)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="small">
        {w('close')}
      </button>
    </form>
  );
}

function NoteForm() {
  const [note, setNote] = useState('');
  return (
    <form
      class="inline step-form"
      data-step="note"
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim()) void runStep('notes', { note: note.trim() }).then((ok) => ok && setNote(''));
      }}
    >
      <label class="wide">
        {w('addNote')}
        <input name="addNote" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <button type="submit" class="small">
        {w('save')}
      </button>
    </form>
  );
}

function NoteField(props: { note: string; setNote: (note: string) => void }) {
  return (
    <label class="wide">
      {w('note')}
      <input name="note" value={props.note} onInput={(e) => props.setNote(e.currentTarget.value)} />
    </label>
  );
}

function SaveRow() {
  return (
    <div class="actions">
      <button type="submit" class="primary small">
        {w('save')}
      </button>
    </div>
  );
}
