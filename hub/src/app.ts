import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { installCsrfGuard } from './http/csrf.ts';
import { frameworkErrors, installErrorHandling } from './http/error-handler.ts';
import { withRedactedUrls } from './http/log-redaction.ts';
import { declarePrincipals } from './http/principals.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod-schemas.ts';
import { createHubAdmin, type HubAdmin } from './hub-admin.ts';
import { OfficeFeed } from './live/office-feed.ts';
import { PresenceWatch } from './live/presence-watch.ts';
import { alarmRoutes } from './routes/alarms.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { type MemberCodeLimits, memberCodeRoutes } from './routes/member-codes.ts';
import { memberPageRoutes } from './routes/member-page.ts';
import { officeStatusRoutes } from './routes/office-status.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { reportRoutes } from './routes/reports.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { sessionRoutes } from './routes/session.ts';
import { stationAdminRoutes } from './routes/station-admin.ts';
import { stationBundleRoutes } from './routes/station-bundle.ts';
import { stationUsageRoutes } from './routes/station-usage.ts';
import { stationRoutes } from './routes/stations.ts';
import { syncRoutes } from './routes/sync.ts';
import { zoneClock } from './schedules/occurrences.ts';
import type { HubStore } from './store/hub-store.ts';
import { openSqliteHubStore } from './store/sqlite-hub-store.ts';

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
  const presence = new PresenceWatch(store, clock, feed, config.live);
  try {
    app.addHook('onClose', async () => store.close());
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
    admin.ensureActiveMemberKey();
    app.decorate('admin', admin);

    await app.register(healthRoutes());
    await app.register(sessionRoutes({ store, clock, session: config.session }));
    const zone = zoneClock(config.timezone);
    const office = { store, clock, timezone: config.timezone, zone, feed, live: config.live };
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
