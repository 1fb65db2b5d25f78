/** How a case is laid out in a row, the same on every engine. */
import type { InjuryCase } from './schema.ts';
import type { CaseCountRow } from './store.ts';

/** Record field → column, in the record's order. */
const FIELDS: [keyof InjuryCase, string][] = [
  ['caseId', 'case_id'],
  ['version', 'version'],
  ['status', 'status'],
  ['district', 'district'],
  ['city', 'city'],
  ['province', 'province'],
  ['entry', 'entry'],
  ['foundThrough', 'found_through'],
  ['via', 'via'],
  ['enterpriseId', 'enterprise_id'],
  ['enterpriseName', 'enterprise_name'],
  ['industry', 'industry'],
  ['post', 'post'],
  ['cause', 'cause'],
  ['injuredOn', 'injured_on'],
  ['place', 'place'],
  ['help', 'help'],
  ['consentAt', 'consent_at'],
  ['declaredAt', 'declared_at'],
  ['screenedAt', 'screened_at'],
  ['eligible', 'eligible'],
  ['ineligibleReason', 'ineligible_reason'],
  ['firstVisitOn', 'first_visit_on'],
  ['lastVisitOn', 'last_visit_on'],
  ['visits', 'visits'],
  ['firstFollowUpOn', 'first_follow_up_on'],
  ['followUps', 'follow_ups'],
  ['outcome', 'outcome'],
  ['nextDue', 'next_due'],
  ['closedAt', 'closed_at'],
  ['closedReason', 'closed_reason'],
  ['erasedAt', 'erased_at'],
];

export const CASE_COLUMN_NAMES = FIELDS.map(([, column]) => column);

/** `c.case_id AS "caseId", …` (the quotes keep PostgreSQL from folding the alias; SQLite accepts them too). */
export const CASE_COLUMNS = FIELDS.map(([field, column]) => `c.${column} AS "${field}"`).join(', ');

type CaseRow = Omit<InjuryCase, 'help' | 'eligible'> & { help: string; eligible: boolean | number | null };

export function toCase(row: CaseRow): InjuryCase {
  const { help, eligible, ...rest } = row;
  return { ...rest, help: JSON.parse(help) as string[], eligible: eligible === null ? null : Boolean(eligible) };
}

/** The record's values in column order, for an insert or a whole-row update (SQLite keeps booleans as 0/1). */
export function caseValues(c: InjuryCase, booleans: 'native' | 'integer' = 'native'): unknown[] {
  return FIELDS.map(([field]) => {
    const value = c[field];
    if (field === 'help') return JSON.stringify(value);
    if (field === 'eligible' && booleans === 'integer' && value !== null) return Number(value);
    return value;
  });
}

export const COUNT_SELECT = `c.industry, c.post, c.cause, c.enterprise_id AS "enterpriseId",
  c.enterprise_name AS "enterpriseName", substr(c.injured_on, 1, 7) AS month, c.entry, c.eligible,
  (c.first_visit_on IS NOT NULL) AS visited, (c.first_follow_up_on IS NOT NULL) AS "followedUp", c.outcome,
  count(*) AS cases`;
export const COUNT_GROUP = 'GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11';

type CountRow = Omit<CaseCountRow, 'eligible' | 'visited' | 'followedUp' | 'cases'> & {
  eligible: boolean | number | null;
  visited: boolean | number;
  followedUp: boolean | number;
  cases: number | string;
};

export const toCountRow = (row: CountRow): CaseCountRow => ({
  ...row,
  eligible: row.eligible === null ? null : Boolean(row.eligible),
  visited: Boolean(row.visited),
  followedUp: Boolean(row.followedUp),
  cases: Number(row.cases),
});

/** Open cases in queue order on `today` (bound as the given placeholder): the rank, then the day, then the id. */
export const queueRank = (today: string) => `CASE WHEN c.next_due < ${today} THEN 0 WHEN c.next_due = ${today} THEN 1
  WHEN c.status = 'declared' THEN 2 WHEN c.status = 'eligible' THEN 3 ELSE 4 END`;
export const QUEUE_DAY = 'coalesce(c.next_due, substr(c.declared_at, 1, 10))';
