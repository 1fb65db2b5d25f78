/**
 * How a case comes in, whichever way: a declaration on a phone, an office entry, or a row of an imported
 * list. The fields are checked against what only the hub knows (the configured lists, the districts of its
 * stations, its enterprises, today), every problem named by its field, and the personal fields sealed.
 */
import { randomBytes } from 'node:crypto';
import { addDays } from '@yizhan/shared';
import type { InputIssue } from '../errors.ts';
import type { HubStore } from '../store.ts';
import type { Choice, InjuriesConfig } from './config.ts';
import type { CaseAction, Enterprise, FoundThrough, InjuryCase, PersonalFields } from './schema.ts';
import { notePlace, personalPlace, type Sealer } from './sealing.ts';
import type { AreaRow, NewCase } from './store.ts';
import { newCaseId } from './workflow.ts';

/** The fields every way in shares, as their schemas output them. */
export interface CaseFields {
  name: string;
  phone: string;
  enterpriseId?: string | undefined;
  enterpriseName?: string | undefined;
  industry: string;
  post: string;
  cause: string;
  injuredOn: string;
  place: string;
  district: string;
  hospital?: string | undefined;
  injury?: string | undefined;
  help: string[];
  helpNote?: string | undefined;
}

/** An injury older than this is not taken in (a typing error, most likely). */
const OLDEST_DAYS = 3 * 366;

/** What the checks need, read once per request (or once per import). */
export interface IntakeFacts {
  today: string;
  areas: AreaRow[];
  enterprises: Map<string, Enterprise>;
  enterprisesByName: Map<string, Enterprise>;
}

export async function intakeFacts(
  store: HubStore,
  today: string,
  fields: readonly Pick<CaseFields, 'enterpriseId' | 'enterpriseName'>[],
): Promise<IntakeFacts> {
  const enterprises = new Map<string, Enterprise>();
  const enterprisesByName = new Map<string, Enterprise>();
  for (const f of fields) {
    const byId = f.enterpriseId ? await store.injuries.getEnterprise(f.enterpriseId) : undefined;
    if (byId) enterprises.set(byId.enterpriseId, byId);
    const byName = f.enterpriseName ? await store.injuries.enterpriseByName(f.enterpriseName) : undefined;
    if (byName) enterprisesByName.set(byName.name, byName);
  }
  return { today, areas: await store.injuries.areas(), enterprises, enterprisesByName };
}

const inList = (list: readonly Choice[], id: string) => list.some((c) => c.id === id);

/** Everything about the fields that zod cannot know; `prefix` names the row of an import. */
export function checkFields(f: CaseFields, config: InjuriesConfig, facts: IntakeFacts, prefix = ''): InputIssue[] {
  const issues: InputIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path: `${prefix}${path}`, message });
  if (!inList(config.industries, f.industry))
    issue('industry', `不在行业列表中 · not an industry of the list: ${f.industry}`);
  if (!inList(config.posts, f.post)) issue('post', `不在岗位列表中 · not a post of the list: ${f.post}`);
  if (!inList(config.causes, f.cause)) issue('cause', `不在原因列表中 · not a cause of the list: ${f.cause}`);
  if (f.injuredOn > facts.today) issue('injuredOn', `不能晚于今天 · after today (${facts.today})`);
  if (f.injuredOn < addDays(facts.today, -OLDEST_DAYS)) issue('injuredOn', '超过三年 · more than three years ago');
  if (!facts.areas.some((a) => a.district === f.district))
    issue('district', `不在服务区域内 · not a district of the hub: ${f.district}`);
  if (f.enterpriseId !== undefined && !facts.enterprises.has(f.enterpriseId)) {
    issue('enterpriseId', `企业列表中没有 · no enterprise ${f.enterpriseId} in the list`);
  }
  return issues;
}

export interface Origin {
  entry: InjuryCase['entry'];
  foundThrough: FoundThrough;
  via: string | null;
  consentAt: string | null;
  actor: string;
  action: CaseAction;
  /** Non-personal facts of the first entry (the imported file's name). */
  details?: Record<string, unknown>;
  declarant?: { name: string; phone: string };
  /** The officer's note on the first entry (sealed). */
  note?: string | undefined;
}

/** A new case with its first activity entry, personal fields sealed. The fields have passed checkFields. */
export function newCase(f: CaseFields, origin: Origin, facts: IntakeFacts, sealer: Sealer, at: string): NewCase {
  const listed = f.enterpriseId
    ? facts.enterprises.get(f.enterpriseId)
    : f.enterpriseName
      ? facts.enterprisesByName.get(f.enterpriseName)
      : undefined;
  const area = facts.areas.find((a) => a.district === f.district)!;
  const caseId = newCaseId();
  const record: InjuryCase = {
    caseId,
    version: 1,
    status: 'declared',
    district: area.district,
    city: area.city,
    province: area.province,
    entry: origin.entry,
    foundThrough: origin.foundThrough,
    via: origin.via,
    enterpriseId: listed?.enterpriseId ?? null,
    enterpriseName: listed?.name ?? f.enterpriseName!,
    industry: f.industry,
    post: f.post,
    cause: f.cause,
    injuredOn: f.injuredOn,
    place: f.place,
    help: f.help,
    consentAt: origin.consentAt,
    declaredAt: at,
    screenedAt: null,
    eligible: null,
    ineligibleReason: null,
    firstVisitOn: null,
    lastVisitOn: null,
    visits: 0,
    firstFollowUpOn: null,
    followUps: 0,
    outcome: null,
    nextDue: null,
    closedAt: null,
    closedReason: null,
    erasedAt: null,
  };
  const personal: PersonalFields = {
    name: f.name,
    phone: f.phone,
    hospital: f.hospital ?? null,
    injury: f.injury ?? null,
    helpNote: f.helpNote ?? null,
    declarantName: origin.declarant?.name ?? null,
    declarantPhone: origin.declarant?.phone ?? null,
  };
  return {
    record,
    personal: sealer.seal(personalPlace(caseId), personal),
    first: {
      seq: 1,
      at,
      actor: origin.actor,
      action: origin.action,
      details: origin.details ?? {},
      note: origin.note === undefined ? null : sealer.seal(notePlace(caseId, 1), origin.note),
    },
  };
}

/** An id for a new enterprise of the list. */
export const newEnterpriseId = () =>
  `ent-${Array.from(randomBytes(10), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('')}`;
