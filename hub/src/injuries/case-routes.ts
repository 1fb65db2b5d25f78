/**
 * The case officers' routes: the queue, a case with its activity, its personal fields (every read logged),
 * the workflow's steps, office entry and list import, the enterprises list, and the access log for admins.
 */
import { localDayOf } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError, type InputIssue } from '../errors.ts';
import { authenticatedOperator, requireAdmin } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import type { Operator } from '../operators/schema.ts';
import { pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import { assertCaseInScope, caseScopeOf, requireCaseOfficer } from './access.ts';
import type { InjuriesConfig } from './config.ts';
import { checkImport, parseCsv, rowsOf } from './csv-import.ts';
import { checkFields, intakeFacts, newCase, newEnterpriseId } from './intake.ts';
import {
  accessLog,
  caseDetail,
  caseId,
  caseList,
  closeInput,
  enterprise,
  enterpriseInput,
  enterpriseList,
  followUpInput,
  type InjuryCase,
  importInput,
  importResult,
  noteInput,
  OFFICE_SOURCES,
  officeCaseInput,
  type PersonalFields,
  personalView,
  screeningInput,
  visitInput,
} from './schema.ts';
import { notePlace, personalPlace, type Sealer } from './sealing.ts';
import type { StoredActivity, StoredCase } from './store.ts';
import { close, followUp, note, type Step, screen, viewOf, visit } from './workflow.ts';

export interface InjuryContext extends HubContext {
  injuries: InjuriesConfig;
  sealer: Sealer;
}

const caseParams = z.object({ caseId });
const MAX_ENTERPRISES = 2000;

export function caseRoutes(deps: InjuryContext): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  const today = () => localDay(deps.clock());
  const nowIso = () => new Date(deps.clock()).toISOString();
  const officer = requireCaseOfficer(deps.store, deps.clock);
  const invalid = (issues: InputIssue[]) => new HubError('YZ_ERR_INVALID_BODY', 'invalid body', issues);

  const loadCase = async (operator: Operator, id: string): Promise<StoredCase> => {
    const found = await deps.store.injuries.get(id);
    if (!found) throw new HubError('YZ_ERR_NOT_FOUND', `no case ${id}`);
    assertCaseInScope(operator, found);
    return found;
  };
  /**
   * preValidation hook of the routes of one case: another district's case is refused before its body is
   * read, as a viewer's change is (an ill-formed case number is left to the params' own check).
   */
  const caseInScope = async (request: FastifyRequest) => {
    const id = (request.params as { caseId?: unknown }).caseId;
    if (typeof id === 'string' && caseId.safeParse(id).success) await loadCase(authenticatedOperator(request), id);
  };
  const activityView = (entries: StoredActivity[]) =>
    entries.map(({ seq, at, actor, action, details, note: sealed }) => ({
      seq,
      at,
      actor,
      action,
      details,
      hasNote: sealed !== null,
    }));
  const detailOf = async (record: InjuryCase) => ({
    today: today(),
    case: viewOf(record, today()),
    activity: activityView(await deps.store.injuries.activity(record.caseId)),
  });

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/injuries',
      {
        onRequest: officer,
        schema: {
          querystring: pageQuery.extend({ state: z.enum(['open', 'closed']).default('open') }),
          response: { 200: caseList },
        },
      },
      async (request) => {
        const scope = caseScopeOf(authenticatedOperator(request));
        const { state, limit, before } = request.query;
        const day = today();
        const page =
          state === 'open'
            ? await deps.store.injuries.queue(scope, day, { limit, before })
            : await deps.store.injuries.closed(scope, { limit, before });
        return { today: day, cases: page.items.map((c) => viewOf(c, day)), ...nextOf(page) };
      },
    );

    api.post(
      '/api/v1/injuries',
      { onRequest: officer, schema: { body: officeCaseInput, response: { 201: caseDetail } } },
      async (request, reply) => {
        const operator = authenticatedOperator(request);
        const input = request.body;
        const facts = await intakeFacts(deps.store, today(), [input]);
        const issues = checkFields(input, deps.injuries, facts);
        if (issues.length > 0) throw invalid(issues);
        inOwnDistrict(operator, [input.district]);
        const created = newCase(
          input,
          {
            entry: 'office',
            foundThrough: input.foundThrough,
            via: null,
            consentAt: null,
            actor: operator.username,
            action: 'entered',
            note: input.note,
          },
          facts,
          deps.sealer,
          nowIso(),
        );
        if (!(await deps.store.injuries.insert([created]))) throw new Error('case number collision');
        return reply.status(201).send(await detailOf(created.record));
      },
    );

    api.post(
      '/api/v1/injury-imports',
      {
        onRequest: officer,
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          body: importInput.extend({ foundThrough: z.enum(OFFICE_SOURCES).default('labour-bureau') }),
          response: { 201: importResult },
        },
      },
      async (request, reply) => {
        const operator = authenticatedOperator(request);
        const { filename, csv, foundThrough } = request.body;
        const table = parseCsv(csv);
        if ('error' in table) throw invalid([{ path: 'csv', message: table.error }]);
        const rows = rowsOf(table, foundThrough, deps.injuries);
        const facts = await intakeFacts(deps.store, today(), rows);
        const checked = checkImport(table, foundThrough, deps.injuries, facts);
        if (!checked.ok) throw invalid(checked.issues);
        inOwnDistrict(
          operator,
          checked.rows.map((r) => r.district),
        );
        const at = nowIso();
        const cases = checked.rows.map((row) =>
          newCase(
            row,
            {
              entry: 'import',
              foundThrough: row.foundThrough,
              via: null,
              consentAt: null,
              actor: operator.username,
              action: 'imported',
              details: { file: filename, line: row.line },
            },
            facts,
            deps.sealer,
            at,
          ),
        );
        if (!(await deps.store.injuries.insert(cases))) throw new Error('case number collision');
        const caseIds = cases.map((c) => c.record.caseId);
        return reply.status(201).send({ imported: caseIds.length, caseIds });
      },
    );

    api.get(
      '/api/v1/injuries/:caseId',
      { onRequest: officer, preValidation: caseInScope, schema: { params: caseParams, response: { 200: caseDetail } } },
      async (request) => {
        const { personal: _, ...record } = await loadCase(authenticatedOperator(request), request.params.caseId);
        return detailOf(record);
      },
    );

    api.get(
      '/api/v1/injuries/:caseId/personal',
      {
        onRequest: officer,
        preValidation: caseInScope,
        schema: { params: caseParams, response: { 200: personalView } },
      },
      async (request, reply) => {
        const operator = authenticatedOperator(request);
        const found = await loadCase(operator, request.params.caseId);
        // Logged before anything is read out: a read that cannot be logged is not answered.
        await deps.store.injuries.logAccess({
          at: nowIso(),
          username: operator.username,
          caseId: found.caseId,
          what: 'personal',
        });
        const notes = (await deps.store.injuries.activity(found.caseId))
          .filter((a) => a.note !== null)
          .map((a) => ({ seq: a.seq, note: deps.sealer.open<string>(notePlace(found.caseId, a.seq), a.note!) }));
        reply.header('cache-control', 'no-store');
        return {
          caseId: found.caseId,
          personal:
            found.personal === null
              ? null
              : deps.sealer.open<PersonalFields>(personalPlace(found.caseId), found.personal),
          notes,
        };
      },
    );

    /** A workflow step: the case as the officer saw it (its version), the step, one activity entry. */
    const stepRoute = <S extends z.ZodType<{ version: number; note?: string | undefined }>>(
      path: string,
      body: S,
      stepOf: (c: StoredCase, input: z.output<S>) => Promise<Step> | Step,
    ) =>
      api.post(
        `/api/v1/injuries/:caseId/${path}`,
        {
          onRequest: officer,
          preValidation: caseInScope,
          schema: { params: caseParams, body, response: { 200: caseDetail } },
        },
        async (request) => {
          const operator = authenticatedOperator(request);
          const found = await loadCase(operator, request.params.caseId);
          const input = request.body as z.output<S>;
          if (found.version !== input.version) throw changed(found.caseId);
          const step = await stepOf(found, input);
          const entry = {
            seq: step.next.version,
            at: nowIso(),
            actor: operator.username,
            action: step.action,
            details: step.details,
            note:
              input.note === undefined
                ? null
                : deps.sealer.seal(notePlace(found.caseId, step.next.version), input.note),
          };
          if (!(await deps.store.injuries.update(step.next, entry))) throw changed(found.caseId);
          return detailOf(step.next);
        },
      );

    stepRoute('screening', screeningInput, async (c, input) => {
      const linked =
        input.eligible && input.enterpriseId ? await deps.store.injuries.getEnterprise(input.enterpriseId) : undefined;
      if (input.eligible && input.enterpriseId && !linked) {
        throw invalid([{ path: 'enterpriseId', message: `no enterprise ${input.enterpriseId} in the list` }]);
      }
      return screen(c, input, nowIso(), linked);
    });
    stepRoute('visits', visitInput, (c, input) => visit(c, input, today(), deps.injuries));
    stepRoute('follow-ups', followUpInput, (c, input) => followUp(c, input, nowIso(), today(), deps.injuries));
    stepRoute('close', closeInput, (c, input) => close(c, input, nowIso()));
    stepRoute('notes', noteInput, (c) => note(c));

    api.get(
      '/api/v1/injury-enterprises',
      { onRequest: officer, schema: { response: { 200: enterpriseList } } },
      async () => ({ enterprises: await deps.store.injuries.enterprises(MAX_ENTERPRISES) }),
    );

    api.post(
      '/api/v1/injury-enterprises',
      { onRequest: officer, schema: { body: enterpriseInput, response: { 201: enterprise } } },
      async (request, reply) => {
        const { name, industry, district } = request.body;
        if (!deps.injuries.industries.some((c) => c.id === industry)) {
          throw invalid([{ path: 'industry', message: `not an industry of the list: ${industry}` }]);
        }
        const record = {
          enterpriseId: newEnterpriseId(),
          name,
          industry,
          district: district ?? null,
          createdAt: nowIso(),
          createdBy: authenticatedOperator(request).username,
        };
        if (!(await deps.store.injuries.insertEnterprise(record))) {
          throw new HubError('YZ_ERR_ENTERPRISE_EXISTS', `${name} is already in the list`);
        }
        return reply.status(201).send(record);
      },
    );

    api.get(
      '/api/v1/injury-access-log',
      {
        onRequest: requireAdmin(deps.store, deps.clock),
        schema: { querystring: pageQuery, response: { 200: accessLog } },
      },
      async (request) => {
        const page = await deps.store.injuries.accessLog(request.query);
        return { entries: page.items, ...nextOf(page) };
      },
    );
  };
}

const changed = (id: string) =>
  new HubError('YZ_ERR_CASE_CHANGED', `case ${id} was changed meanwhile: read it again and redo the step`);

/** A case officer of a district enters and imports cases of that district only. */
function inOwnDistrict(operator: Operator, districts: readonly string[]): void {
  const scope = caseScopeOf(operator);
  const outside = districts.filter((d) => scope.district !== undefined && d !== scope.district);
  if (outside.length > 0) {
    throw new HubError('YZ_ERR_FORBIDDEN_DISTRICT', `outside your district: ${[...new Set(outside)].join(', ')}`);
  }
}
