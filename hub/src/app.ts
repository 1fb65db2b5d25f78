import fastifyWebsocket from '@fastify/websocket';
import { zoneClock } from '@yizhan/shared';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { alarmRoutes } from './alarms/routes.ts';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { installCsrfGuard } from './http/csrf.ts';
import { dashboardRoutes } from './http/dashboard-routes.ts';
import { frameworkErrors, installErrorHandling } from './http/error-handler.ts';
import { healthRoutes } from './http/health-routes.ts';
import { withRedactedUrls } from './http/log-redaction.ts';
import { openApiRoutes } from './http/openapi-routes.ts';
import { declarePrincipals } from './http/principals.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod-schemas.ts';
import { createHubAdmin, type HubAdmin } from './hub-admin.ts';
import type { HubContext } from './hub-context.ts';
import { OfficeFeed } from './live/office-feed.ts';
import { PresenceWatch } from './live/presence-watch.ts';
import { officeStatusRoutes } from './live/routes.ts';
import { type MemberCodeLimits, memberCodeRoutes } from './members/code-routes.ts';
import { memberPageRoutes } from './members/page-routes.ts';
import { sessionRoutes } from './operators/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { stationUsageRoutes } from './reports/station-usage-routes.ts';
import { stationBundleRoutes } from './schedules/bundle-routes.ts';
import { scheduleRoutes } from './schedules/routes.ts';
import { openSqliteHubStore } from './sqlite/hub-store.ts';
import { stationAdminRoutes } from './stations/admin-routes.ts';
import { stationRoutes } from './stations/routes.ts';
import type { HubStore } from './store.ts';
import { syncRoutes } from './sync/routes.ts';

export interface HubDeps {
  /** Defaults to the SQLite file named in the config. The hub owns it: `app.close()` closes it. */
  store?: HubStore;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Rate limits of the member-code API; tests lower them. */
  memberCodeLimits?: MemberCodeLimits;
  /** The built dashboard (hub/dashboard/dist, see `dashboardDistDir`); without it the hub serves only its API. */
  dashboardDir?: string;
}

/** The hub's Fastify instance with its provisioning actions attached (the in-process demo uses them). */
export type HubApp = FastifyInstance & { readonly admin: HubAdmin };

/** Builds a ready hub. It never listens: `main.ts` (or the demo) does. */
export async function buildHub(config: HubConfig, deps: HubDeps = {}): Promise<HubApp> {
  const clock = deps.clock ?? systemClock;
  const store = deps.store ?? openSqliteHubStore(config.database);
  // Closing cuts kept-alive station connections too: a sync cut mid-way is re-sent, and waiting for
  // the keep-alive timeout would hold a shutdown for a minute.
  const app: FastifyInstance = Fastify({
    logger: withRedactedUrls(deps.logger ?? false),
    forceCloseConnections: true,
    frameworkErrors,
  });
  // Every route, collected before the first is added: the OpenAPI document (and tests) enumerate them.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const feed = new OfficeFeed();
  const presence = new PresenceWatch(store, clock, feed, config.live, (err) =>
    app.log.error({ err }, 'presence check failed'),
  );
  try {
    app.addHook('onClose', () => store.close());
    app.addHook('preClose', async () => presence.halt());
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(zodSerializerCompiler);
    installErrorHandling(app);
    declarePrincipals(app);
    installSecurityHeaders(app, { hsts: config.session.secureCookie });
    await app.register(fastifyWebsocket);
    // After the websocket plugin: its onRequest hook must mark an upgrade first, or a refused one leaks its socket.
    installCsrfGuard(app);

    const admin = createHubAdmin(store, clock);
    // Stations must always find a key in their bundle, even before anyone issues a code.
    await admin.ensureActiveMemberKey();
    app.decorate('admin', admin);

    await app.register(healthRoutes());
    await app.register(sessionRoutes({ store, clock, session: config.session, timezone: config.timezone }));
    const zone = zoneClock(config.timezone);
    const office: HubContext = { store, clock, timezone: config.timezone, zone, feed, live: config.live };
    await app.register(syncRoutes({ store, clock, timezone: config.timezone, feed }));
    await app.register(stationBundleRoutes({ store, clock, zone, feed }));
    await app.register(memberCodeRoutes({ store, clock, limits: deps.memberCodeLimits }));
    await app.register(memberPageRoutes({ store, clock, perLinkPerMinute: deps.memberCodeLimits?.perMemberPerMinute }));
    await app.register(stationRoutes({ store, clock, timezone: config.timezone }));
    await app.register(stationAdminRoutes({ ...office, admin }));
    await app.register(stationUsageRoutes(office));
    await app.register(officeStatusRoutes({ ...office, presence }));
    await app.register(reportRoutes(office));
    await app.register(alarmRoutes(office));
    await app.register(feedbackRoutes(office));
    await app.register(scheduleRoutes(office));
    await app.register(openApiRoutes(routes));
    if (deps.dashboardDir) await app.register(dashboardRoutes(deps.dashboardDir));
    await app.ready();
    return app as HubApp;
  } catch (error) {
    await app.close();
    throw error;
  }
}
