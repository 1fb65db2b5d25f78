import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';
import { type ErrorCode, HubError } from '../errors.ts';

/** Lets route handlers see the zod output type of their schemas. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const CODE_BY_PART: Record<string, ErrorCode> = {
  body: 'YZ_ERR_INVALID_BODY',
  querystring: 'YZ_ERR_INVALID_QUERY',
  params: 'YZ_ERR_INVALID_PARAMS',
};

/** The 400 for a request part that breaks its schema: each issue names its field as a dotted path. */
export function invalidPart(httpPart: string | undefined, issues: { path: string; message: string }[]): HubError {
  const part = httpPart ?? 'request';
  return new HubError(CODE_BY_PART[part] ?? 'YZ_ERR_BAD_REQUEST', `invalid ${part}`, issues);
}

/** Route schemas are zod schemas: the edge validates with them and hands the parsed value on. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    return { error: invalidPart(httpPart, issues) };
  };

/** Responses are checked against their schema too: a response that breaks its contract is a 500, not a surprise. */
export const zodSerializerCompiler =
  ({ schema }: { schema: z.ZodType }) =>
  (data: unknown): string =>
    JSON.stringify(schema.parse(data));
