/** Operators of the central office: the one definition of their records. Browser-safe. */
import { z } from 'zod';

/** A case officer works the injury-visit cases (工伤探视) of their district, or of all districts without one. */
export const OPERATOR_ROLES = ['admin', 'district-viewer', 'case-officer'] as const;
export const operatorRole = z.enum(OPERATOR_ROLES);
export type OperatorRole = z.infer<typeof operatorRole>;

/** Who is signed in, as the API answers `GET /api/v1/session`. */
export const operator = z.object({
  username: z.string(),
  role: operatorRole,
  /** Set for district viewers; for a case officer, the district whose cases they work (null: every district). */
  district: z.string().nullable(),
  /** A district viewer's city and province, where the hub serves more than one city (absent otherwise). */
  city: z.string().optional(),
  province: z.string().optional(),
});
export type Operator = z.infer<typeof operator>;

/**
 * `GET` and `POST /api/v1/session`: the operator and the hub's zone (IANA, e.g. Asia/Shanghai), in which the
 * office's local days and wall-clock times are reckoned.
 */
export const sessionView = operator.extend({ timezone: z.string() });
export type SessionView = z.infer<typeof sessionView>;

const credentials = {
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/i, '2–64 letters, digits, . _ -'),
  password: z.string().min(8).max(256),
};

export const operatorInput = z.discriminatedUnion('role', [
  z.strictObject({ ...credentials, role: z.literal('admin') }),
  z.strictObject({
    ...credentials,
    role: z.literal('district-viewer'),
    district: z.string().trim().min(1).max(100),
    city: z.string().trim().min(1).max(100).optional(),
    province: z.string().trim().min(1).max(100).optional(),
  }),
  z.strictObject({
    ...credentials,
    role: z.literal('case-officer'),
    district: z.string().trim().min(1).max(100).optional(),
    city: z.string().trim().min(1).max(100).optional(),
    province: z.string().trim().min(1).max(100).optional(),
  }),
]);
export type OperatorInput = z.input<typeof operatorInput>;

export const signIn = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
