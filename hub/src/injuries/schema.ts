/**
 * Injury visits (工伤探视): the one definition of their records and inputs. Browser-safe (zod only): the
 * dashboard reads it. Causes, industries and posts are lists from hub.yaml (injuries/config.ts), so inputs
 * carry their ids and the routes check them against the configured lists.
 */
import { z } from 'zod';
import { nextCursor } from '../page-query.ts';

/**
 * declared → screened (eligible, or closed as not eligible) → visited → follow-up call due 15 days later →
 * 已康复返岗 (closed) / 仍需治疗 (treatment: called again every N days) / 因工伤致残 (long-term care: visited
 * every M days). Any open case can also be closed with a reason.
 */
export const CASE_STATUSES = ['declared', 'eligible', 'visited', 'treatment', 'long-term-care', 'closed'] as const;
export const caseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatus>;

export const OUTCOMES = ['recovered', 'treatment', 'disabled'] as const;
export const outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcome>;

/** How the case was found: declared on a phone (by whom), or by the office. */
export const DECLARANTS = ['self', 'colleague', 'enterprise-union'] as const;
export const OFFICE_SOURCES = ['enterprise', 'labour-bureau', 'other'] as const;
export const foundThrough = z.enum([...DECLARANTS, ...OFFICE_SOURCES]);
export type FoundThrough = z.infer<typeof foundThrough>;

export const ENTRIES = ['phone', 'office', 'import'] as const;
export const entry = z.enum(ENTRIES);

export const HELP_KINDS = ['condolence', 'legal-aid', 'mutual-aid', 'injury-recognition', 'hardship', 'other'] as const;
export const helpKind = z.enum(HELP_KINDS);

export const INELIGIBLE_REASONS = [
  'not-work-injury',
  'below-criteria',
  'duplicate',
  'outside-area',
  'declined',
  'other',
] as const;
export const CLOSE_REASONS = ['declined', 'unreachable', 'moved-away', 'care-ended', 'other'] as const;
/** Why a case is closed: its outcome, the screening, or the officer's reason. */
export const closedReason = z.enum(['recovered', 'not-eligible', ...CLOSE_REASONS]);

export const ACTIONS = [
  'declared',
  'entered',
  'imported',
  'screened',
  'visited',
  'followed-up',
  'closed',
  'note',
  'erased',
] as const;
export const caseAction = z.enum(ACTIONS);
export type CaseAction = z.infer<typeof caseAction>;

/** `GS-XXXX-XXXX`: 40 random bits in Crockford's base32, read out over the phone without confusion. */
export const CASE_ID = /^GS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
export const caseId = z.string().regex(CASE_ID, 'a case number such as GS-7K3M-Q9XP');
export const enterpriseId = z.string().regex(/^ent-[a-z0-9]{10}$/, 'an enterprise id from the list');

const REQUIRED = '必填 · required';
const noControl = (text: string) => !/\p{Cc}/u.test(text);
/** One line of text a person typed: trimmed, bounded, no control characters. */
export const line = (max: number) =>
  z
    .string(REQUIRED)
    .trim()
    .min(1, '必填 · required')
    .max(max, `最多 ${max} 字 · at most ${max} characters`)
    .refine(noControl, {
      message: '含有不可见字符 · control characters are not allowed',
    });
/** Free text (a note): line breaks allowed. */
const text = (max: number) =>
  z
    .string(REQUIRED)
    .trim()
    .min(1, '必填 · required')
    .max(max, `最多 ${max} 字 · at most ${max} characters`)
    .refine((t) => !/(?![\t\n\r])\p{Cc}/u.test(t), {
      message: '含有不可见字符 · control characters are not allowed',
    });

/** A mainland mobile number, or a landline with its area code; spaces and dashes are dropped. */
export const phone = z
  .string(REQUIRED)
  .transform((p) => p.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(1[3-9]\d{9}|0\d{9,11})$/,
        '请填写手机号或带区号的座机 · a mobile number, or a landline with its area code',
      ),
  );

/** An id of a configured list; whether it is in the list is checked against hub.yaml (intake.ts). */
export const choiceId = z.string('请选择 · choose one').min(1, '请选择 · choose one').max(40);
export const localDate = z.iso.date('请填写日期 · a date as YYYY-MM-DD');
export const version = z.number().int().min(1);

/** What only case officers read (each read logged): sealed at rest. */
export const personalFields = z.object({
  name: z.string(),
  phone: z.string(),
  hospital: z.string().nullable(),
  /** The injury and treatment, in the declarant's words: health information (PIPL art. 28). */
  injury: z.string().nullable(),
  helpNote: z.string().nullable(),
  /** Who declared for the worker (a colleague, the enterprise union), to call back. */
  declarantName: z.string().nullable(),
  declarantPhone: z.string().nullable(),
});
export type PersonalFields = z.infer<typeof personalFields>;

/** The fields every way in shares: a declaration, an office entry, an imported row. */
const caseFields = {
  name: line(50),
  phone,
  enterpriseId: enterpriseId.optional(),
  enterpriseName: line(100).optional(),
  industry: choiceId,
  post: choiceId,
  cause: choiceId,
  injuredOn: localDate,
  place: line(200),
  district: line(100),
  hospital: line(100).optional(),
  injury: text(500).optional(),
  help: z
    .array(helpKind)
    .max(HELP_KINDS.length)
    .refine((h) => new Set(h).size === h.length, '重复的选项 · each at most once')
    .default([]),
  helpNote: text(500).optional(),
};

const oneEnterprise = <T extends { enterpriseId?: string | undefined; enterpriseName?: string | undefined }>(c: T) =>
  c.enterpriseId !== undefined || c.enterpriseName !== undefined;
const enterpriseRule = { message: '请选择或填写企业 · choose or name the enterprise', path: ['enterpriseName'] };

/** `POST /api/v1/injury-declarations`: a worker, a colleague or an enterprise union, on a phone. */
export const declarationInput = z
  .strictObject({
    ...caseFields,
    declarant: z.enum(DECLARANTS, '请选择申报人 · who is declaring'),
    declarantName: line(50).optional(),
    declarantPhone: phone.optional(),
    /** Where the QR was: `station:<id>`, `enterprise:<id>` or `site:<name>`. */
    via: z
      .string()
      .regex(/^(station|enterprise|site):[^\p{Cc}]{1,80}$/u)
      .optional(),
    /** Both are separate, explicit consents (PIPL art. 14, 28–29): neither is implied by the other. */
    consent: z.strictObject({
      personal: z.literal(true, '需要您同意处理个人信息 · consent to the use of personal information is required'),
      sensitive: z.literal(true, '需要您单独同意处理伤情信息 · separate consent for the health details is required'),
    }),
  })
  .refine(oneEnterprise, enterpriseRule)
  .refine((d) => d.declarant === 'self' || (d.declarantName !== undefined && d.declarantPhone !== undefined), {
    message: '代为申报时请留下您的姓名和电话 · when declaring for someone, give your name and phone',
    path: ['declarantPhone'],
  });
export type DeclarationInput = z.output<typeof declarationInput>;

/** `POST /api/v1/injuries`: a case the office found through an enterprise or the labour bureau. */
export const officeCaseInput = z
  .strictObject({ ...caseFields, foundThrough: z.enum(OFFICE_SOURCES), note: text(1000).optional() })
  .refine(oneEnterprise, enterpriseRule);
export type OfficeCaseInput = z.output<typeof officeCaseInput>;

/** One row of an imported list: the office entry's fields (the note column aside). */
export const importedRow = z
  .strictObject({ ...caseFields, foundThrough: z.enum(OFFICE_SOURCES) })
  .refine(oneEnterprise, enterpriseRule);

export const importInput = z.strictObject({
  /** The file's name, for the activity log. */
  filename: line(200),
  csv: z.string().min(1).max(2_000_000),
});

export const screeningInput = z.discriminatedUnion('eligible', [
  z.strictObject({
    version,
    eligible: z.literal(true),
    enterpriseId: enterpriseId.optional(),
    note: text(1000).optional(),
  }),
  z.strictObject({
    version,
    eligible: z.literal(false),
    reason: z.enum(INELIGIBLE_REASONS),
    note: text(1000).optional(),
  }),
]);
export type ScreeningInput = z.output<typeof screeningInput>;

export const visitInput = z.strictObject({
  version,
  visitedOn: localDate,
  visitors: z.array(line(40)).min(1).max(10),
  /** 慰问金, in yuan. */
  condolenceYuan: z.number().int().min(0).max(1_000_000).optional(),
  gift: line(100).optional(),
  legalAid: z.boolean().default(false),
  mutualAid: z.boolean().default(false),
  note: text(1000).optional(),
});
export type VisitInput = z.output<typeof visitInput>;

export const followUpInput = z.strictObject({ version, calledOn: localDate, outcome, note: text(1000).optional() });
export type FollowUpInput = z.output<typeof followUpInput>;

export const closeInput = z.strictObject({ version, reason: z.enum(CLOSE_REASONS), note: text(1000).optional() });
export type CloseInput = z.output<typeof closeInput>;

export const noteInput = z.strictObject({ version, note: text(1000) });

/** A case as the office sees it without its personal fields. */
export const injuryCase = z.object({
  caseId: z.string(),
  version: z.number().int(),
  status: caseStatus,
  district: z.string(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  entry,
  foundThrough,
  via: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string(),
  industry: z.string(),
  post: z.string(),
  cause: z.string(),
  injuredOn: z.string(),
  /** Cleared when the case is erased. */
  place: z.string().nullable(),
  help: z.array(z.string()),
  consentAt: z.string().nullable(),
  declaredAt: z.string(),
  screenedAt: z.string().nullable(),
  eligible: z.boolean().nullable(),
  ineligibleReason: z.string().nullable(),
  firstVisitOn: z.string().nullable(),
  lastVisitOn: z.string().nullable(),
  visits: z.number().int(),
  firstFollowUpOn: z.string().nullable(),
  followUps: z.number().int(),
  outcome: outcome.nullable(),
  /** The next call (visited, treatment) or visit (long-term care), a local day. */
  nextDue: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: closedReason.nullable(),
  erasedAt: z.string().nullable(),
});
export type InjuryCase = z.infer<typeof injuryCase>;

/** Where a case with a due date stands on the hub's today: overdue ones are flagged and listed first. */
export const dueState = z.enum(['overdue', 'due', 'upcoming']);
export const caseView = injuryCase.extend({
  due: dueState.nullable(),
  dueKind: z.enum(['follow-up', 'visit']).nullable(),
});
export type CaseView = z.infer<typeof caseView>;

export const activityEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** An operator's username, `declarant`, or `hub` for the hub's own steps (erasure). */
  actor: z.string(),
  action: caseAction,
  details: z.record(z.string(), z.unknown()),
  /** A note was written; it is read with the personal fields. */
  hasNote: z.boolean(),
});
export type ActivityEntry = z.infer<typeof activityEntry>;

/** `GET /api/v1/injuries/{caseId}`, with the hub's today (the day steps are dated by default). */
export const caseDetail = z.object({ today: z.string(), case: caseView, activity: z.array(activityEntry) });
export type CaseDetail = z.infer<typeof caseDetail>;

/** `GET /api/v1/injuries/{caseId}/personal`: logged in the access log before it is answered. */
export const personalView = z.object({
  caseId: z.string(),
  personal: personalFields.nullable(),
  notes: z.array(z.object({ seq: z.number().int(), note: z.string() })),
});

/** `GET /api/v1/injuries`: the queue (open cases, overdue first) or the closed ones (latest first). */
export const caseList = z.object({ today: z.string(), cases: z.array(caseView), next: nextCursor });
export type CaseList = z.infer<typeof caseList>;

/** What a declarant reads back with the case number: steps and days, nothing personal. */
export const declarationStatus = z.object({
  caseId: z.string(),
  status: caseStatus,
  declaredOn: z.string(),
  screenedOn: z.string().nullable(),
  eligible: z.boolean().nullable(),
  visitedOn: z.string().nullable(),
  followedUpOn: z.string().nullable(),
  closedOn: z.string().nullable(),
});

export const declarationReceipt = z.object({ caseId: z.string(), status: caseStatus });

export const enterprise = z.object({
  enterpriseId: z.string(),
  name: z.string(),
  industry: z.string(),
  district: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Enterprise = z.infer<typeof enterprise>;
export const enterpriseInput = z.strictObject({ name: line(100), industry: choiceId, district: line(100).optional() });
export const enterpriseList = z.object({ enterprises: z.array(enterprise) });

const choiceView = z.object({ id: z.string(), zh: z.string(), en: z.string() });
/** `GET /api/v1/injury-lists`: the configured causes, industries and posts, with their words. */
export const injuryLists = z.object({
  causes: z.array(choiceView),
  industries: z.array(choiceView),
  posts: z.array(choiceView),
  followUpDays: z.number().int(),
  /** The hub's today, a local day (the default end of an analysis). */
  today: z.string(),
});
export type InjuryLists = z.infer<typeof injuryLists>;

export const importResult = z.object({ imported: z.number().int(), caseIds: z.array(z.string()) });

export const accessEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string(),
  caseId: z.string(),
  what: z.string(),
});
export type AccessEntry = z.infer<typeof accessEntry>;
export const accessLog = z.object({ entries: z.array(accessEntry), next: nextCursor });

/** A count in an analysis; null where it is under 5 and the view is suppressed (exports, district viewers). */
const count = z.number().int().nullable();
const countBy = z.array(z.object({ id: z.string(), cases: count }));
export const RISK_FLAGS = ['many', 'rising'] as const;

export const injuryAnalysis = z.object({
  from: z.string(),
  to: z.string(),
  /** Counts from 1 to 4 are given as null. */
  suppressed: z.boolean(),
  funnel: z.object({
    found: count,
    eligible: count,
    visited: count,
    followedUp: count,
    outcomes: z.object({ recovered: count, treatment: count, disabled: count }),
  }),
  declaredOnline: count,
  byIndustry: countBy,
  byPost: countBy,
  byCause: countBy,
  byMonth: z.array(z.object({ month: z.string(), cases: count })),
  byEnterprise: z.array(
    z.object({
      key: z.string(),
      enterpriseId: z.string().nullable(),
      name: z.string(),
      cases: count,
      /** In the period of the same length just before. */
      previous: count,
      flags: z.array(z.enum(RISK_FLAGS)),
    }),
  ),
});
export type InjuryAnalysis = z.infer<typeof injuryAnalysis>;
