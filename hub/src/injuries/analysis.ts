/**
 * Cause analysis: cases by industry, post, cause, enterprise and month, the funnel found → eligible →
 * visited → followed up → outcome, and enterprises flagged for a risk notice. Counts from 1 to 4 are
 * suppressed (null, shown as "<5") in exports and for district viewers, so a small count cannot point to a person.
 */
import type { Choice, InjuriesConfig } from './config.ts';
import type { InjuryAnalysis } from './schema.ts';
import type { CaseCountRow } from './store.ts';

export const SUPPRESS_BELOW = 5;

const suppress = (n: number, on: boolean): number | null => (on && n > 0 && n < SUPPRESS_BELOW ? null : n);

function tally<K extends string>(rows: readonly CaseCountRow[], keyOf: (r: CaseCountRow) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const r of rows) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + r.cases);
  return counts;
}

const enterpriseKey = (r: CaseCountRow) => (r.enterpriseId ? `id:${r.enterpriseId}` : `name:${r.enterpriseName}`);

/** The period of the same length just before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const length = Date.parse(`${to}T00:00:00Z`) - start + day;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - length), to: iso(start - day) };
}

export function analysisOf(
  period: { from: string; to: string },
  rows: readonly CaseCountRow[],
  previous: readonly CaseCountRow[],
  config: Pick<InjuriesConfig, 'industries' | 'posts' | 'causes' | 'riskMinCases'>,
  suppressed: boolean,
): InjuryAnalysis {
  const n = (count: number) => suppress(count, suppressed);
  const sum = (filter: (r: CaseCountRow) => boolean) => rows.filter(filter).reduce((total, r) => total + r.cases, 0);
  // Configured order first, then ids no longer in the list (cases keep what they were filed under).
  const by = (list: readonly Choice[], keyOf: (r: CaseCountRow) => string) => {
    const counts = tally(rows, keyOf);
    const ids = [...list.map((c) => c.id), ...[...counts.keys()].filter((id) => !list.some((c) => c.id === id))];
    return ids.map((id) => ({ id, cases: n(counts.get(id) ?? 0) }));
  };
  const now = tally(rows, enterpriseKey);
  const before = tally(previous, enterpriseKey);
  const names = new Map(rows.map((r) => [enterpriseKey(r), r]));
  const byEnterprise = [...now.entries()]
    .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
    .map(([key, cases]) => {
      const was = before.get(key) ?? 0;
      const flags: ('many' | 'rising')[] = [];
      if (cases >= config.riskMinCases) flags.push('many');
      if (cases >= 2 && cases > was) flags.push('rising');
      const row = names.get(key)!;
      return {
        key,
        enterpriseId: row.enterpriseId,
        name: row.enterpriseName,
        cases: n(cases),
        previous: n(was),
        flags,
      };
    });
  const months = tally(rows, (r) => r.month);
  return {
    from: period.from,
    to: period.to,
    suppressed,
    funnel: {
      found: n(sum(() => true)),
      eligible: n(sum((r) => r.eligible === true)),
      visited: n(sum((r) => r.visited)),
      followedUp: n(sum((r) => r.followedUp)),
      outcomes: {
        recovered: n(sum((r) => r.outcome === 'recovered')),
        treatment: n(sum((r) => r.outcome === 'treatment')),
        disabled: n(sum((r) => r.outcome === 'disabled')),
      },
    },
    declaredOnline: n(sum((r) => r.entry === 'phone')),
    byIndustry: by(config.industries, (r) => r.industry),
    byPost: by(config.posts, (r) => r.post),
    byCause: by(config.causes, (r) => r.cause),
    byMonth: [...months.keys()].sort().map((month) => ({ month, cases: n(months.get(month)!) })),
    byEnterprise,
  };
}

const shown = (count: number | null) => (count === null ? `<${SUPPRESS_BELOW}` : String(count));
const label = (list: readonly Choice[], id: string) => list.find((c) => c.id === id)?.zh ?? id;

/** The analysis as CSV rows (suppressed: the export leaves the office). */
export function analysisCsvRows(a: InjuryAnalysis, config: Pick<InjuriesConfig, 'industries' | 'posts' | 'causes'>) {
  const rows: string[][] = [['维度 dimension', '项目 item', '案例数 cases']];
  const f = a.funnel;
  for (const [item, count] of [
    ['发现 found', f.found],
    ['符合探视条件 eligible', f.eligible],
    ['已探视 visited', f.visited],
    ['已回访 followed up', f.followedUp],
    ['已康复返岗 recovered', f.outcomes.recovered],
    ['仍需治疗 in treatment', f.outcomes.treatment],
    ['因工伤致残 disabled', f.outcomes.disabled],
    ['线上申报 declared online', a.declaredOnline],
  ] as const) {
    rows.push(['流程 funnel', item, shown(count)]);
  }
  for (const r of a.byIndustry) rows.push(['行业 industry', label(config.industries, r.id), shown(r.cases)]);
  for (const r of a.byPost) rows.push(['岗位 post', label(config.posts, r.id), shown(r.cases)]);
  for (const r of a.byCause) rows.push(['原因 cause', label(config.causes, r.id), shown(r.cases)]);
  for (const r of a.byMonth) rows.push(['月份 month', r.month, shown(r.cases)]);
  for (const r of a.byEnterprise) rows.push(['企业 enterprise', r.name, shown(r.cases)]);
  return rows;
}

/**
 * The risk notice (风险提示函) the office sends an enterprise: its cases in the period, their main causes and
 * posts, and what the union asks of it. Counts under 5 are given as "少于5起", as in every export.
 */
export function riskNotice(
  a: InjuryAnalysis,
  enterprise: { key: string; name: string },
  rows: readonly CaseCountRow[],
  config: Pick<InjuriesConfig, 'posts' | 'causes'>,
  issuedOn: string,
): string {
  const mine = rows.filter((r) => enterpriseKey(r) === enterprise.key);
  const total = mine.reduce((t, r) => t + r.cases, 0);
  const words = (n: number) => (n < SUPPRESS_BELOW ? `少于${SUPPRESS_BELOW}起` : `${n}起`);
  const top = (keyOf: (r: CaseCountRow) => string, list: readonly Choice[]) =>
    [...tally(mine, keyOf).entries()]
      .sort(([ka, x], [kb, y]) => y - x || ka.localeCompare(kb))
      .slice(0, 3)
      .map(([id]) => label(list, id))
      .join('、');
  const row = a.byEnterprise.find((e) => e.key === enterprise.key);
  const rising = row?.flags.includes('rising') ? '，较上一同期有所上升' : '';
  return [
    '安全生产风险提示函',
    '',
    `${enterprise.name}：`,
    '',
    `${a.from} 至 ${a.to}，工会工伤探视服务共发现贵单位职工因工受伤${words(total)}${rising}。` +
      `主要原因为${top((r) => r.cause, config.causes)}，涉及岗位主要为${top((r) => r.post, config.posts)}。`,
    '',
    '为预防同类事故再次发生，请贵单位：',
    '一、针对上述原因和岗位开展一次安全隐患排查，落实整改措施；',
    '二、对相关岗位职工开展安全操作规程和应急处置培训，新上岗职工先培训后上岗；',
    '三、检查劳动防护用品配备和使用情况，督促职工正确佩戴；',
    '四、依法为职工参加工伤保险，及时协助受伤职工申请工伤认定。',
    '',
    '工会将持续开展探视回访，并愿意协助贵单位开展安全宣传教育。',
    '',
    `${issuedOn}`,
  ].join('\n');
}
