import type { z } from 'zod';
import { HubError } from './errors.ts';

/** Admin actions are called from outside the HTTP edge (CLI, demo), so they check their own input. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new HubError(
      'YZ_ERR_INVALID_INPUT',
      'invalid input',
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return result.data;
}
