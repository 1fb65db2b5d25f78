/**
 * The analysis the office reads and exports (any operator; district viewers and every export see counts
 * under 5 suppressed), the risk notice per enterprise, and the posters with the declaration QR.
 */
import { localDayOf } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { dayRangeQuery } from '../http/office-input.ts';
import { authenticatedOperator, requireOperator } from '../http/principals.ts';
import type { Operator } from '../operators/schema.ts';
import { toCsv } from '../reports/report-tables.ts';
import { caseScopeOf, requireCaseOfficer } from './access.ts';
import { analysisCsvRows, analysisOf, previousPeriod, riskNotice } from './analysis.ts';
import type { InjuryContext } from './case-routes.ts';
import { posterPng } from './poster.ts';
import { injuryAnalysis, injuryLists } from './schema.ts';

const posterQuery = z.object({
  via: z.string().regex(/^(station|enterprise|site):[^\p{Cc}]{1,80}$/u, 'station:<id>, enterprise:<id> or site:<name>'),
});

/** The declaration page's address for a poster's place, on the hub's public address. */
export function declarationUrl(base: string, via: string): string {
  return `${base.replace(/\/$/, '')}/injury/declare?via=${encodeURIComponent(via)}`;
}

export function analysisRoutes(deps: InjuryContext): FastifyPluginAsync {
  const today = () => localDayOf(deps.timezone)(deps.clock());
  const read = async (operator: Operator, from: string, to: string, suppressed: boolean) => {
    const scope = caseScopeOf(operator);
    const before = previousPeriod(from, to);
    const [rows, previous] = await Promise.all([
      deps.store.injuries.counts(scope, from, to),
      deps.store.injuries.counts(scope, before.from, before.to),
    ]);
    return { rows, analysis: analysisOf({ from, to }, rows, previous, deps.injuries, suppressed) };
  };
  const isViewer = (request: FastifyRequest) => authenticatedOperator(request).role === 'district-viewer';

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const anyOperator = requireOperator(deps.store, deps.clock);
    const officer = requireCaseOfficer(deps.store, deps.clock);

    api.get(
      '/api/v1/injury-lists',
      { onRequest: anyOperator, schema: { response: { 200: injuryLists } } },
      async () => {
        const { causes, industries, posts, followUpDays } = deps.injuries;
        return { causes, industries, posts, followUpDays, today: today() };
      },
    );

    api.get(
      '/api/v1/injury-analysis',
      { onRequest: anyOperator, schema: { querystring: dayRangeQuery, response: { 200: injuryAnalysis } } },
      async (request) => {
        const { from, to } = request.query;
        return (await read(authenticatedOperator(request), from, to, isViewer(request))).analysis;
      },
    );

    api.get(
      '/api/v1/injury-analysis/csv',
      { onRequest: anyOperator, schema: { querystring: dayRangeQuery } },
      async (request, reply) => {
        const { from, to } = request.query;
        const { analysis } = await read(authenticatedOperator(request), from, to, true);
        const [columns, ...rows] = analysisCsvRows(analysis, deps.injuries);
        const csv = toCsv({
          columns: columns!,
          rows: rows.map((r) => Object.fromEntries(columns!.map((c, i) => [c, r[i]!]))),
        });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="yizhan-injuries-${from}-${to}.csv"`)
          .send(csv);
      },
    );

    api.get(
      '/api/v1/injury-risk-notices',
      {
        onRequest: officer,
        schema: { querystring: dayRangeQuery.and(z.object({ enterprise: z.string().min(1).max(200) })) },
      },
      async (request, reply) => {
        const { from, to, enterprise } = request.query;
        const { rows, analysis } = await read(authenticatedOperator(request), from, to, true);
        const listed = analysis.byEnterprise.find((e) => e.key === enterprise);
        if (!listed) throw new HubError('YZ_ERR_NOT_FOUND', `no cases of ${enterprise} from ${from} to ${to}`);
        const text = riskNotice(analysis, listed, rows, deps.injuries, today());
        return reply
          .header('content-type', 'text/plain; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`风险提示函-${listed.name}.txt`)}`,
          )
          .send(text);
      },
    );

    api.get(
      '/api/v1/injury-posters',
      { onRequest: officer, schema: { querystring: posterQuery } },
      async (request, reply) => {
        const { via } = request.query;
        const [kind, ref] = [via.slice(0, via.indexOf(':')), via.slice(via.indexOf(':') + 1)];
        let place: { zh: string; en: string };
        if (kind === 'station') {
          const station = await deps.store.stations.get(ref);
          if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${ref}`);
          place = { zh: station.name, en: `Rest area of ${station.name} · ${station.district}` };
        } else if (kind === 'enterprise') {
          const listed = await deps.store.injuries.getEnterprise(ref);
          if (!listed) throw new HubError('YZ_ERR_NOT_FOUND', `no enterprise ${ref} in the list`);
          place = { zh: listed.name, en: 'For the workers of this enterprise' };
        } else {
          place = { zh: ref, en: 'For the workers of this site' };
        }
        const base = deps.injuries.publicUrl ?? `${request.protocol}://${request.host}`;
        return reply
          .header('content-type', 'image/png')
          .header('content-disposition', `inline; filename="injury-poster.png"`)
          .send(await posterPng(declarationUrl(base, via), place));
      },
    );
  };
}
