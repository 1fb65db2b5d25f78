import fastifyWebsocket from '@fastify/websocket';
import { CHANNEL_MAX_STATION_MESSAGE, zoneClock } from '@yizhan/shared';
import {
  collectRoutes,
  frameworkErrors,
  installErrorHandling,
  lazyOpenApiDocument,
  openApiRoute,
  zodSerializerCompiler,
  zodValidatorCompiler,
} from '@yizhan/shared/http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AlarmWatch } from './alarms/alarm-watch.ts';
import { alarmRoutes } from './alarms/routes.ts';
import { applianceRoutes } from './appliances/routes.ts';
import { channelRoutes } from './channel/routes.ts';
import { StationChannels } from './channel/station-channels.ts';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { apiDocsRoutes } from './http/api-docs-routes.ts';
import { installCsrfGuard } from './http/csrf.ts';
import { dashboardRoutes } from './http/dashboard-routes.ts';
import { healthRoutes } from './http/health-routes.ts';
import { withRedactedUrls } from './http/log-redaction.ts';
import { HubMetrics, metricsRoutes } from './http/metrics.ts';
import { declarePrincipals } from './http/principals.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { createHubAdmin, type HubAdmin } from './hub-admin.ts';
import type { HubContext } from './hub-context.ts';
import { declarationUrl } from './injuries/analysis-routes.ts';
import { InjuryErasure } from './injuries/erasure.ts';
import { injuryRoutes } from './injuries/routes.ts';
import { createSealer } from './injuries/sealing.ts';
import { OfficeFeed } from './live/office-feed.ts';
import { PresenceWatch } from './live/presence-watch.ts';
import { officeStatusRoutes } from './live/routes.ts';
import { totalsRoutes } from './live/totals-routes.ts';
import { type MemberCodeLimits, memberCodeRoutes } from './members/code-routes.ts';
import { memberPageRoutes } from './members/page-routes.ts';
import { openHubStore } from './open-store.ts';
import { sessionRoutes } from './operators/routes.ts';
import { phoneRoutes } from './phone/routes.ts';
import { monthlyReportRoutes } from './reports/monthly-routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { stationUsageRoutes } from './reports/station-usage-routes.ts';
import { trendsRoutes } from './reports/trends-routes.ts';
import { stationBundleRoutes } from './schedules/bundle-routes.ts';
import { scheduleRoutes } from './schedules/routes.ts';
import { mapRoutes, tileSource } from './screens/map-routes.ts';
import { screenRoutes } from './screens/routes.ts';
import { stationAdminRoutes } from './stations/admin-routes.ts';
import { stationRoutes } from './stations/routes.ts';
import type { HubStore } from './store.ts';
import { syncRoutes } from './sync/routes.ts';

export interface HubDeps {
  /** Defaults to the database named in the config. The hub owns it: `app.close()` closes it. */
  store?: HubStore;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Rate limits of the member-code API; tests lower them. */
  memberCodeLimits?: MemberCodeLimits;
  /** The built dashboard (hub/dashboard/dist, see `dashboardDistDir`); without it the hub serves only its API. */
  dashboardDir?: string;
}

const HUB_API = {
  title: 'Yizhan hub',
  description:
    'Stations authenticate with `Authorization: Bearer <station token>`; operators with the `yz_session` cookie ' +
    'from `POST /api/v1/session`. Errors are `{ error: { code, message, issues? } }`. `GET /api/v1/live` is a ' +
    'WebSocket for the dashboard, `GET /api/v1/stations/{id}/live` the live channel of a station (its token).',
  securitySchemes: {
    stationToken: { type: 'http', scheme: 'bearer' },
    operatorSession: { type: 'apiKey', in: 'cookie', name: 'yz_session' },
  },
};

/** The hub's Fastify instance with its provisioning actions and the stations' live channel attached. */
export type HubApp = FastifyInstance & { readonly admin: HubAdmin; readonly channels: StationChannels };

/** Builds a ready hub. It never listens: `main.ts` (or the demo) does. */
export async function buildHub(config: HubConfig, deps: HubDeps = {}): Promise<HubApp> {
  const clock = deps.clock ?? systemClock;
  // Closing cuts kept-alive station connections too: a sync cut mid-way is re-sent, and waiting for
  // the keep-alive timeout would hold a shutdown for a minute.
  const app: FastifyInstance = Fastify({
    logger: withRedactedUrls(deps.logger ?? false),
    forceCloseConnections: true,
    frameworkErrors,
  });
  // Every route, collected before the first is added: the OpenAPI document (and tests) enumerate them.
  const routes = collectRoutes(app);
  let store: HubStore | undefined = deps.store;
  try {
    store ??= await openHubStore(config.database, (err, what) => app.log.warn({ err, what }, 'database connection'));
    const opened = store;
    const feed = new OfficeFeed(store.relay);
    // The feed's relay talks through the store: it stops first.
    app.addHook('onClose', async () => {
      await feed.stop();
      await opened.close();
    });
    await feed.start();
    const channels = new StationChannels({ store, clock, feed, log: app.log, relay: store.channelRelay });
    // Before the store closes: the stations' sockets and presence rows go first.
    app.addHook('preClose', () => channels.stop());
    await channels.start();
    app.decorate('channels', channels);
    const presence = new PresenceWatch(store, clock, feed, config.live, (err) =>
      app.log.error({ err }, 'presence check failed'),
    );
    app.addHook('onReady', async () => presence.start());
    app.addHook('preClose', () => presence.stop());
    const alarmWatch = new AlarmWatch(store, clock, feed, config.alarms, (err, what) =>
      app.log.error({ err }, `${what} failed`),
    );
    app.addHook('onReady', async () => alarmWatch.start());
    app.addHook('preClose', () => alarmWatch.stop());
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(zodSerializerCompiler);
    installErrorHandling(app);
    const metrics = new HubMetrics(() => feed.listenerCount);
    metrics.observeRequests(app);
    declarePrincipals(app);
    const tiles = tileSource(config.map);
    installSecurityHeaders(app, { hsts: config.session.secureCookie, ...(tiles ? { images: [tiles] } : {}) });
    // Stations send the largest frames (a picture of the kiosk's screen); anything larger ends that socket.
    await app.register(fastifyWebsocket, { options: { maxPayload: CHANNEL_MAX_STATION_MESSAGE } });
    // After the websocket plugin: its onRequest hook must mark an upgrade first, or a refused one leaks its socket.
    installCsrfGuard(app);

    const admin = createHubAdmin(store, clock);
    // Stations must always find a key in their bundle, even before anyone issues a code.
    await admin.ensureActiveMemberKey();
    app.decorate('admin', admin);

    await app.register(healthRoutes());
    await app.register(sessionRoutes({ store, clock, session: config.session, timezone: config.timezone }));
    const zone = zoneClock(config.timezone);
    const context: HubContext = { store, clock, timezone: config.timezone, zone, feed, live: config.live };
    await app.register(syncRoutes({ store, clock, timezone: config.timezone, feed }));
    const injuries = config.injuries;
    const publicUrl = injuries?.publicUrl;
    await app.register(
      stationBundleRoutes({
        store,
        clock,
        zone,
        feed,
        ...(publicUrl ? { injuryDeclarationUrl: (id: string) => declarationUrl(publicUrl, `station:${id}`) } : {}),
      }),
    );
    await app.register(memberCodeRoutes({ store, clock, limits: deps.memberCodeLimits }));
    await app.register(memberPageRoutes({ store, clock, perLinkPerMinute: deps.memberCodeLimits?.perMemberPerMinute }));
    await app.register(stationRoutes({ store, clock, timezone: config.timezone }));
    await app.register(stationAdminRoutes({ ...context, admin }));
    await app.register(stationUsageRoutes(context));
    await app.register(officeStatusRoutes(context));
    await app.register(totalsRoutes(context));
    await app.register(reportRoutes(context));
    await app.register(trendsRoutes(context));
    await app.register(monthlyReportRoutes(context));
    await app.register(alarmRoutes(context));
    await app.register(feedbackRoutes(context));
    await app.register(scheduleRoutes(context));
    await app.register(channelRoutes({ ...context, channels }));
    await app.register(applianceRoutes({ ...context, channels }));
    await app.register(phoneRoutes({ ...context, channels, session: config.session, limits: config.phone }));
    if (injuries) {
      // Injury visits (工伤探视) are on once hub.yaml has their section (with the sealing key).
      const sealer = createSealer(injuries.key, injuries.previousKeys);
      await app.register(injuryRoutes({ ...context, injuries, sealer }));
      const erasure = new InjuryErasure(
        store,
        clock,
        injuries,
        (caseIds) => app.log.info({ caseIds }, 'injury cases erased'),
        (err) => app.log.error({ err }, 'injury erasure failed'),
      );
      app.addHook('onReady', async () => erasure.start());
      app.addHook('preClose', () => erasure.stop());
    }
    await app.register(screenRoutes(context, config.map));
    await app.register(mapRoutes(context, config.map));
    const apiDocument = lazyOpenApiDocument(routes, HUB_API);
    await app.register(openApiRoute('/api/v1/openapi.json', apiDocument));
    await app.register(apiDocsRoutes(apiDocument));
    await app.register(metricsRoutes(metrics, config.metrics?.token));
    if (deps.dashboardDir) await app.register(dashboardRoutes(deps.dashboardDir));
    await app.ready();
    return app as HubApp;
  } catch (error) {
    await app.close();
    throw error;
  }
}
