import { useEffect } from 'preact/hooks';
import type { InjuryAnalysis } from '../../../src/injuries/schema.ts';
import {
  analysis,
  analysisCsvHref,
  analysisRange,
  lists,
  riskNoticeHref,
  setAnalysisRange,
  showAnalysis,
  worksCases,
} from '../model/injuries.ts';
import { choiceWord, w, wx } from '../model/injury-words.ts';
import { DayRangeFields } from './DayRangeFields.tsx';
import { InjuryTabs } from './InjuriesPage.tsx';
import { ReadState } from './RemoteState.tsx';
import '../injuries.css';

const shown = (n: number | null) => (n === null ? '<5' : String(n));

/** A count as a bar of the largest in its list; a suppressed count has no bar. */
function Bars(props: { title: string; rows: { label: string; cases: number | null }[] }) {
  const max = Math.max(1, ...props.rows.map((r) => r.cases ?? 0));
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <table class="bars">
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td class="bar-cell">
                <span class="bar" style={{ width: `${((r.cases ?? 0) / max) * 100}%` }} />
              </td>
              <td class="num">{shown(r.cases)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Funnel(props: { a: InjuryAnalysis }) {
  const f = props.a.funnel;
  const steps: [string, number | null][] = [
    [w('found'), f.found],
    [w('eligible'), f.eligible],
    [w('visited'), f.visited],
    [w('followedUp'), f.followedUp],
  ];
  const top = Math.max(1, f.found ?? 0);
  return (
    <section class="card" data-testid="injury-funnel">
      <h2>{w('funnel')}</h2>
      <ol class="funnel">
        {steps.map(([label, n]) => (
          <li key={label}>
            <span class="funnel-label">{label}</span>
            <span class="funnel-bar" style={{ width: `${Math.max(4, ((n ?? 0) / top) * 100)}%` }}>
              {shown(n)}
            </span>
          </li>
        ))}
      </ol>
      <p class="summary">
        {(['recovered', 'treatment', 'disabled'] as const).map((o) => (
          <span key={o} class={`pill outcome-${o}`}>
            {wx('outcome', o)} {shown(f.outcomes[o])}
          </span>
        ))}
        <span class="pill">
          {w('declaredOnline')} {shown(props.a.declaredOnline)}
        </span>
      </p>
    </section>
  );
}

export function InjuryAnalysisPage() {
  useEffect(() => {
    void showAnalysis();
  }, []);
  const range = analysisRange.value;
  const a = analysis.data.value;
  const known = lists.data.value ?? undefined;
  return (
    <>
      <section class="card">
        <h1>{w('title')}</h1>
        <InjuryTabs current="analysis" />
        {range && (
          <div class="range">
            <DayRangeFields range={range} onChange={setAnalysisRange} />
            <a class="button primary" href={analysisCsvHref.value} download>
              {w('csv')}
            </a>
          </div>
        )}
        <ReadState remote={analysis} what="load.injuries" />
        {a?.suppressed && <p class="muted">{w('suppressed')}</p>}
      </section>
      {a && (
        <>
          <div class="two">
            <Funnel a={a} />
            <Bars
              title={w('byCause')}
              rows={a.byCause.map((r) => ({ label: choiceWord(known?.causes, r.id), cases: r.cases }))}
            />
          </div>
          <div class="two">
            <Bars
              title={w('byIndustry')}
              rows={a.byIndustry.map((r) => ({ label: choiceWord(known?.industries, r.id), cases: r.cases }))}
            />
            <Bars
              title={w('byPost')}
              rows={a.byPost.map((r) => ({ label: choiceWord(known?.posts, r.id), cases: r.cases }))}
            />
          </div>
          <Bars title={w('byMonth')} rows={a.byMonth.map((r) => ({ label: r.month, cases: r.cases }))} />
          <section class="card">
            <h2>{w('byEnterprise')}</h2>
            <table data-testid="injury-enterprises">
              <thead>
                <tr>
                  <th>{w('enterprise')}</th>
                  <th class="num">{w('cases')}</th>
                  <th class="num">{w('previous')}</th>
                  <th>{w('flags')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {a.byEnterprise.map((e) => (
                  <tr key={e.key} class={e.flags.length > 0 ? 'flagged' : ''}>
                    <td>{e.name}</td>
                    <td class="num">{shown(e.cases)}</td>
                    <td class="num">{shown(e.previous)}</td>
                    <td>
                      {e.flags.map((f) => (
                        <span key={f} class="pill due-overdue">
                          {wx('flag', f)}
                        </span>
                      ))}
                    </td>
                    <td>
                      {worksCases() && e.flags.length > 0 && (
                        <a href={riskNoticeHref(e.key)} download>
                          {w('riskNotice')}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
