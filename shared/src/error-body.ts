/**
 * The one shape of every refusal the hub and the station agent send: `{ error: { code, message, issues? } }`.
 * Browser-safe, so the kiosk and the dashboard read refusals with the schema the servers answer with.
 */
import { z } from 'zod';

/** One field that broke its schema, named by its dotted path (`''` for the input as a whole). */
export const inputIssueSchema = z.object({ path: z.string(), message: z.string() });
export type InputIssue = z.infer<typeof inputIssueSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    /** `YZ_ERR_…`: what went wrong, for programs; the HTTP status says what a client should make of it. */
    code: z.string(),
    /** For people: an operator reading a log, a developer reading a response. */
    message: z.string(),
    issues: z.array(inputIssueSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The code of a refusal's body, or undefined when the body is not one (a proxy's page, a cut answer). */
export function errorCodeOf(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error.code : undefined;
}
