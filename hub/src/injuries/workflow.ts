/**
 * The case workflow as pure steps: each takes the case as stored and the officer's input, checks the step is
 * allowed now, and answers the case's next state with what its activity entry records. Days are local days
 * of the hub's zone; `today` comes from the hub's clock, so tests move it.
 */
import { randomBytes } from 'node:crypto';
import { addDays } from '@yizhan/shared';
import { HubError } from '../errors.ts';
import type {
  CaseAction,
  CaseStatus,
  CaseView,
  CloseInput,
  Enterprise,
  FollowUpInput,
  InjuryCase,
  ScreeningInput,
  VisitInput,
} from './schema.ts';

export interface WorkflowRules {
  followUpDays: number;
  repeatFollowUpDays: number;
  periodicVisitDays: number;
}

export interface Step {
  next: InjuryCase;
  action: CaseAction;
  details: Record<string, unknown>;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `GS-XXXX-XXXX` from 40 random bits. */
export function newCaseId(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = '';
  for (let i = 0; i < 8; i++) text = CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)] + text;
  return `GS-${text.slice(0, 4)}-${text.slice(4)}`;
}

/** A case number as a person types it: any case, spaces or dashes, O for 0, I or L for 1. */
export function normalizeCaseId(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = plain.startsWith('GS') ? plain.slice(2) : plain;
  return body.length === 8 ? `GS-${body.slice(0, 4)}-${body.slice(4)}` : typed;
}

const OPEN_WITH_DUE: readonly CaseStatus[] = ['visited', 'treatment', 'long-term-care'];

/** Where the case stands on `today`: overdue, due, or not yet, for the steps that have a due day. */
export function viewOf(c: InjuryCase, today: string): CaseView {
  const withDue = c.nextDue !== null && OPEN_WITH_DUE.includes(c.status);
  return {
    ...c,
    due: !withDue ? null : c.nextDue! < today ? 'overdue' : c.nextDue === today ? 'due' : 'upcoming',
    dueKind: !withDue ? null : c.status === 'long-term-care' ? 'visit' : 'follow-up',
  };
}

function refuse(c: InjuryCase, what: string): never {
  throw new HubError('YZ_ERR_CASE_STATE', `case ${c.caseId} is ${c.status}: it cannot ${what}`);
}

function badDay(path: string, message: string): never {
  throw new HubError('YZ_ERR_INVALID_BODY', 'invalid body', [{ path, message }]);
}

function checkDay(path: string, day: string, today: string, notBefore: string, notBeforeWhat: string): void {
  if (day > today) badDay(path, `${day} is after today (${today})`);
  if (day < notBefore) badDay(path, `${day} is before ${notBeforeWhat} (${notBefore})`);
}

function open(c: InjuryCase, what: string, allowed: readonly CaseStatus[]): void {
  if (c.erasedAt !== null) throw new HubError('YZ_ERR_CASE_STATE', `case ${c.caseId} has been erased`);
  if (!allowed.includes(c.status)) refuse(c, what);
}

const bump = (c: InjuryCase, change: Partial<InjuryCase>): InjuryCase => ({ ...c, ...change, version: c.version + 1 });

export function screen(c: InjuryCase, input: ScreeningInput, at: string, enterprise?: Enterprise): Step {
  open(c, 'be screened', ['declared']);
  if (input.eligible) {
    const linked = enterprise ? { enterpriseId: enterprise.enterpriseId, enterpriseName: enterprise.name } : {};
    return {
      next: bump(c, { status: 'eligible', screenedAt: at, eligible: true, ...linked }),
      action: 'screened',
      details: { eligible: true, ...(enterprise ? { enterpriseId: enterprise.enterpriseId } : {}) },
    };
  }
  return {
    next: bump(c, {
      status: 'closed',
      screenedAt: at,
      eligible: false,
      ineligibleReason: input.reason,
      closedAt: at,
      closedReason: 'not-eligible',
      nextDue: null,
    }),
    action: 'screened',
    details: { eligible: false, reason: input.reason },
  };
}

/** The first visit starts the 15 days to the follow-up call; in long-term care each visit sets the next one. */
export function visit(c: InjuryCase, input: VisitInput, today: string, rules: WorkflowRules): Step {
  open(c, 'be visited', ['eligible', 'long-term-care']);
  const notBefore = c.lastVisitOn ?? c.injuredOn;
  checkDay('visitedOn', input.visitedOn, today, notBefore, c.lastVisitOn ? 'the last visit' : 'the injury');
  const first = c.status === 'eligible';
  const nextDue = addDays(input.visitedOn, first ? rules.followUpDays : rules.periodicVisitDays);
  return {
    next: bump(c, {
      status: first ? 'visited' : 'long-term-care',
      firstVisitOn: c.firstVisitOn ?? input.visitedOn,
      lastVisitOn: input.visitedOn,
      visits: c.visits + 1,
      nextDue,
    }),
    action: 'visited',
    details: {
      visitedOn: input.visitedOn,
      visitors: input.visitors,
      ...(input.condolenceYuan === undefined ? {} : { condolenceYuan: input.condolenceYuan }),
      ...(input.gift === undefined ? {} : { gift: input.gift }),
      legalAid: input.legalAid,
      mutualAid: input.mutualAid,
      nextDue,
    },
  };
}

/** 已康复返岗 closes; 仍需治疗 calls again in N days; 因工伤致残 moves to long-term care, visited every M days. */
export function followUp(c: InjuryCase, input: FollowUpInput, at: string, today: string, rules: WorkflowRules): Step {
  open(c, 'be followed up', ['visited', 'treatment']);
  checkDay('calledOn', input.calledOn, today, c.lastVisitOn!, 'the visit');
  const change: Partial<InjuryCase> = {
    firstFollowUpOn: c.firstFollowUpOn ?? input.calledOn,
    followUps: c.followUps + 1,
    outcome: input.outcome,
  };
  if (input.outcome === 'recovered') {
    Object.assign(change, { status: 'closed', closedAt: at, closedReason: 'recovered', nextDue: null });
  } else if (input.outcome === 'treatment') {
    Object.assign(change, { status: 'treatment', nextDue: addDays(input.calledOn, rules.repeatFollowUpDays) });
  } else {
    Object.assign(change, { status: 'long-term-care', nextDue: addDays(input.calledOn, rules.periodicVisitDays) });
  }
  const next = bump(c, change);
  return {
    next,
    action: 'followed-up',
    details: { calledOn: input.calledOn, outcome: input.outcome, nextDue: next.nextDue },
  };
}

export function close(c: InjuryCase, input: CloseInput, at: string): Step {
  open(c, 'be closed', ['declared', 'eligible', 'visited', 'treatment', 'long-term-care']);
  return {
    next: bump(c, { status: 'closed', closedAt: at, closedReason: input.reason, nextDue: null }),
    action: 'closed',
    details: { reason: input.reason },
  };
}

/** A note can be added to any case until it is erased. */
export function note(c: InjuryCase): Step {
  open(c, 'take a note', [...OPEN_WITH_DUE, 'declared', 'eligible', 'closed']);
  return { next: bump(c, {}), action: 'note', details: {} };
}
