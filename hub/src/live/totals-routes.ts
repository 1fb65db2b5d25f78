import { localDayOf } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { areaName } from '../http/office-input.ts';
import { authenticatedOperator, requireOperator, viewerArea } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import { AREA_LEVELS, totalsPage } from './schema.ts';

/**
 * `GET /api/v1/totals?level=country|province|city|district`: the totals of the country, or of each province,
 * city or district (optionally within one province, city or district), from the kept area totals, so a
 * hub serving a province or the country answers from a few thousand rows. A district viewer's totals are
 * always those of their district.
 */
export function totalsRoutes(deps: HubContext): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/totals',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: {
          querystring: pageQuery.extend({
            level: z.enum(AREA_LEVELS).default('country'),
            province: areaName.optional(),
            city: areaName.optional(),
            district: areaName.optional(),
          }),
          response: { 200: totalsPage },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const { level, province, city, district, limit, before } = request.query;
        const filter = {
          ...(province === undefined ? {} : { province }),
          ...(city === undefined ? {} : { city }),
          ...(district === undefined ? {} : { district }),
          ...(operator.role === 'district-viewer' ? viewerArea(operator) : {}),
        };
        const now = deps.clock();
        const today = localDay(now);
        const page = await deps.store.sync.totals(level, filter, today, today.slice(0, 4), { limit, before });
        return {
          asOf: new Date(now).toISOString(),
          today,
          level,
          areas: page.items.map((a) => ({ ...a, offline: a.stations - a.online })),
          ...nextOf(page),
        };
      },
    );
  };
}
