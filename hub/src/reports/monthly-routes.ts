import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { areaName } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { monthlyReport, monthlyReportOf, monthlySheets } from './monthly.ts';
import { workbookOf, XLSX_TYPE } from './xlsx.ts';

const query = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM'),
  district: areaName.optional(),
});

/** `GET /api/v1/monthly-report?month=` (JSON) and `…/xlsx` (the workbook a union files). */
export function monthlyReportRoutes(deps: HubContext): FastifyPluginAsync {
  const scopeOf = (request: FastifyRequest, district: string | undefined) => {
    const operator = authenticatedOperator(request);
    if (district && operator.role === 'district-viewer' && district !== operator.district) {
      throw new HubError('YZ_ERR_FORBIDDEN_DISTRICT', 'this district is not yours');
    }
    return { ...(district ? { district } : {}), ...operatorScope(operator) };
  };
  const localTime = (iso: string) => deps.zone.localMinute(Date.parse(iso)).replace('T', ' ');
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));
    api.get(
      '/api/v1/monthly-report',
      { schema: { querystring: query, response: { 200: monthlyReport } } },
      async (request) => monthlyReportOf(deps, request.query.month, scopeOf(request, request.query.district)),
    );
    api.get('/api/v1/monthly-report/xlsx', { schema: { querystring: query } }, async (request, reply) => {
      const report = await monthlyReportOf(deps, request.query.month, scopeOf(request, request.query.district));
      const body = await workbookOf(monthlySheets(report, localTime));
      const name = `yizhan-monthly-${report.district ? `${report.district}-` : ''}${report.month}.xlsx`;
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(body);
    });
  };
}
