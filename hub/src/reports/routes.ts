import { stationId } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { areaName, dayRangeQuery, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import type { Operator } from '../operators/schema.ts';
import { displayContext, displayReport, LANGS, type Lang } from './report-display.ts';
import { csvOf, REPORT_TABLES, type Report, type ReportTable, reportTable, toCsv } from './report-tables.ts';
import { reportView } from './schema.ts';
import { workbookOf, XLSX_TYPE } from './xlsx.ts';

const params = z.object({ table: z.enum(REPORT_TABLES) });
const query = dayRangeQuery.and(
  z.object({
    station: stationId.optional(),
    district: areaName.optional(),
    /** Worded for reading (headers, names, words for codes, local times); absent: the codes, for programs. */
    lang: z.enum(LANGS).optional(),
  }),
);

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
  const localTime = (iso: string) => deps.zone.localMinute(Date.parse(iso)).replace('T', ' ');
  const worded = async (report: Report, lang: Lang) =>
    displayReport(report, lang, await displayContext(deps.store, report, localTime));
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get(
      '/api/v1/reports/:table',
      { schema: { params, querystring: query, response: { 200: reportView } } },
      async (request) => {
        const report = await read(authenticatedOperator(request), request.params.table, request.query);
        const { lang } = request.query;
        return lang ? { ...report, display: await worded(report, lang) } : report;
      },
    );

    api.get(
      '/api/v1/reports/:table/xlsx',
      // A binary answer, sent as it is: no response schema to serialize it through.
      { schema: { params, querystring: query } },
      async (request, reply) => {
        const result = await read(authenticatedOperator(request), request.params.table, request.query);
        const shown = await worded(result, request.query.lang ?? 'zh');
        const body = await workbookOf([
          {
            name: shown.title.split(' ')[0]!,
            title: shown.title,
            headers: shown.columns.map((c) => c.header),
            rows: shown.rows,
          },
        ]);
        const name = `yizhan-${result.table}-${result.from}-${result.to}.xlsx`;
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(body);
      },
    );

    api.get(
      '/api/v1/reports/:table/csv',
      { schema: { params, querystring: query, response: { 200: z.string() } } },
      async (request, reply) => {
        const result = await read(authenticatedOperator(request), request.params.table, request.query);
        const { lang } = request.query;
        const name = `yizhan-${result.table}-${result.from}-${result.to}.csv`;
        let body = toCsv(result);
        if (lang) {
          const shown = await worded(result, lang);
          body = csvOf([shown.columns.map((c) => c.header), ...shown.rows]);
        }
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .serializer((text: string) => text)
          .send(body);
      },
    );
  };
}
