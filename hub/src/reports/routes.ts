import { stationId } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { areaName, dayRangeQuery, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import type { Operator } from '../operators/schema.ts';
import { REPORT_TABLES, type ReportTable, reportTable, toCsv } from './report-tables.ts';
import { reportView } from './schema.ts';

const params = z.object({ table: z.enum(REPORT_TABLES) });
const query = dayRangeQuery.and(z.object({ station: stationId.optional(), district: areaName.optional() }));

/** `GET /api/v1/reports/:table` (JSON) and `…/csv` (the same rows as a download) for a date range. */
export function reportRoutes(deps: HubContext): FastifyPluginAsync {
  const read = async (operator: Operator, table: ReportTable, q: z.output<typeof query>) => {
    if (q.station) await viewableStation(deps.store, operator, q.station);
    if (q.district && operator.role === 'district-viewer' && q.district !== operator.district) {
      throw new HubError('YZ_ERR_FORBIDDEN_DISTRICT', 'this district is not yours');
    }
    const scope = { ...(q.district ? { district: q.district } : {}), ...operatorScope(operator, q.station) };
    return reportTable(deps.store, deps.zone, table, { from: q.from, to: q.to, ...scope });
  };
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get(
      '/api/v1/reports/:table',
      { schema: { params, querystring: query, response: { 200: reportView } } },
      async (request) => read(authenticatedOperator(request), request.params.table, request.query),
    );

    api.get(
      '/api/v1/reports/:table/csv',
      { schema: { params, querystring: query, response: { 200: z.string() } } },
      async (request, reply) => {
        const result = await read(authenticatedOperator(request), request.params.table, request.query);
        const name = `yizhan-${result.table}-${result.from}-${result.to}.csv`;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .serializer((body: string) => body)
          .send(toCsv(result));
      },
    );
  };
}
