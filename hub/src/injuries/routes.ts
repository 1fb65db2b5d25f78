import type { FastifyPluginAsync } from 'fastify';
import { analysisRoutes } from './analysis-routes.ts';
import { caseRoutes, type InjuryContext } from './case-routes.ts';
import { declarationRoutes } from './declaration-routes.ts';

/** Injury visits (工伤探视): the phone pages, the case officers' routes and the analysis. */
export function injuryRoutes(deps: InjuryContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(declarationRoutes(deps));
    await app.register(caseRoutes(deps));
    await app.register(analysisRoutes(deps));
  };
}
