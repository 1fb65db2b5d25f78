import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';
import type { InputIssue } from '../error-body.ts';
import { CodedError, EDGE_ERROR_STATUS, type EdgeErrorCode } from './coded-error.ts';

/** Lets route handlers see the zod output type of their schemas. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const CODE_BY_PART: Record<string, EdgeErrorCode> = {
  body: 'YZ_ERR_INVALID_BODY',
  querystring: 'YZ_ERR_INVALID_QUERY',
  params: 'YZ_ERR_INVALID_PARAMS',
};

/** zod's issues, each naming its field as a dotted path. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The 400 for a request part that breaks its schema. */
export function invalidPart(httpPart: string | undefined, issues: InputIssue[]): CodedError<EdgeErrorCode> {
  const part = httpPart ?? 'request';
  const code = CODE_BY_PART[part] ?? 'YZ_ERR_BAD_REQUEST';
  return new CodedError(code, EDGE_ERROR_STATUS[code], `invalid ${part}`, issues);
}

/** Route schemas are zod schemas: the edge validates with them and hands the parsed value on. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: invalidPart(httpPart, inputIssues(result.error)) };
  };

/** Responses are checked against their schema too: a response that breaks its contract is a 500, not a surprise. */
export const zodSerializerCompiler =
  ({ schema }: { schema: z.ZodType }) =>
  (data: unknown): string =>
    JSON.stringify(schema.parse(data));
