/** The phone at the door: its records and its HTTP bodies, the one definition of their shape. */
import { WORKER_CATEGORIES } from '@yizhan/shared';
import { MAX_DOOR_CODE_LENGTH } from '@yizhan/shared/door-code';
import { z } from 'zod';

const category = z.enum(WORKER_CATEGORIES);

export const phoneMember = z.object({ member: z.string(), category });
export type PhoneMember = z.infer<typeof phoneMember>;

/** One use of a door QR code by one member. */
export interface DoorCodeUse {
  stationId: string;
  window: number;
  nonce: string;
  member: string;
  at: string;
}

/** `POST /api/v1/phone/member`: the first visit's answers. Consent must be given, not merely not refused. */
export const phoneMemberRequest = z.strictObject({ category, consent: z.literal(true) });

/** `POST /api/v1/phone/admissions`: the code of the door QR the phone opened. */
export const admissionRequest = z.strictObject({ code: z.string().min(1).max(MAX_DOOR_CODE_LENGTH) });

/** Why the phone was not let in, each with what the worker should do (docs/door.md, "The phone at the door"). */
export const PHONE_REFUSALS = [
  /** Not a door code of a station this hub knows, or not signed by it. */
  'invalid-code',
  /** Older than its window and the next: scan the QR again. */
  'expired',
  /** This phone used this QR already: scan it again when it has changed. */
  'used',
  'revoked',
  /** The station is not on its live channel: show the member code to the door scanner instead. */
  'station-offline',
  /** The station did not answer in time. */
  'no-answer',
  /** The station checked the admission and refused it (its reason is given beside). */
  'refused',
] as const;
export type PhoneRefusal = (typeof PHONE_REFUSALS)[number];

/** A member code to show to the door scanner, as a QR (SVG) and as text: the offline path. */
export const scannerCode = z.object({ code: z.string(), svg: z.string(), expiresAt: z.string() });
export type ScannerCode = z.infer<typeof scannerCode>;

export const admissionAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    station: z.object({ id: z.string(), name: z.string() }),
    category,
    direction: z.enum(['in', 'out']),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(PHONE_REFUSALS),
    /** The station's own reason when it refused (`refused`). */
    stationReason: z.string().optional(),
    /** For the offline path: a member code to show to the door scanner, as a QR (SVG) and as text. */
    memberCode: scannerCode.optional(),
  }),
]);
export type AdmissionAnswer = z.infer<typeof admissionAnswer>;
export type AdmissionRefusal = Extract<AdmissionAnswer, { ok: false }>;

export const phoneMemberAnswer = z.object({ category });
