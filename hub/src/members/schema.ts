/** Members, their door codes and who may ask for them: the one definition of these records. */
import { WORKER_CATEGORIES } from '@yizhan/shared';
import { MAX_LIFETIME_SECONDS } from '@yizhan/shared/member-code';
import { z } from 'zod';

const memberId = z.string().trim().min(1).max(128);
const category = z.enum(WORKER_CATEGORIES);

export const memberKeyRecord = z.object({
  kid: z.string(),
  alg: z.string(),
  publicKey: z.string(),
  privateKeyPem: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
});
export type MemberKeyRecord = z.infer<typeof memberKeyRecord>;

/** A code asked for by the CLI or the demo (`pnpm hub member-code`). */
export const memberCodeInput = z.strictObject({
  member: memberId,
  category,
  lifetimeSeconds: z.number().int().min(1).max(MAX_LIFETIME_SECONDS).default(MAX_LIFETIME_SECONDS),
});
export type MemberCodeInput = z.input<typeof memberCodeInput>;

/** `POST /api/v1/member-codes` from an integration: at least 10 s, so a code can be shown at all. */
export const memberCodeRequest = memberCodeInput.extend({
  /** The union's own member id; the hub turns it into a pseudonym and does not store it. */
  member: memberId,
  lifetimeSeconds: z.number().int().min(10).max(MAX_LIFETIME_SECONDS).default(MAX_LIFETIME_SECONDS),
});

export const memberLinkInput = z.strictObject({ member: memberId, category });
export type MemberLinkInput = z.input<typeof memberLinkInput>;

export const memberLink = z.object({ member: z.string(), category });
export type MemberLink = z.infer<typeof memberLink>;

export const integrationName = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/i, '2–64 letters, digits, . _ -');

export const issuedCode = z.object({
  code: z.string(),
  kid: z.string(),
  /** The pseudonym the code carries (what stations and the hub's event store see). */
  member: z.string(),
  expiresAt: z.string(),
});
export type IssuedCode = z.infer<typeof issuedCode>;

export const liveCode = issuedCode.pick({ code: true, expiresAt: true }).extend({
  /** The code as a QR, an SVG document. */
  svg: z.string(),
  /** When the page fetches the next code. */
  renewAt: z.string(),
});
