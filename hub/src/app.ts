import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { declarePrincipals } from './http/principals.ts';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod-schemas.ts';
import { createHubAdmin, type HubAdmin } from './hub-admin.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/session.ts';
import { stationBundleRoutes } from './routes/station-bundle.ts';
import { stationRoutes } from './routes/stations.ts';
import { syncRoutes } from './routes/sync.ts';
import type { HubStore } from './store/hub-store.ts';
import { openSqliteHubStore } from './store/sqlite-hub-store.ts';

export interface HubDeps {
  /** Defaults to the SQLite file named in the config. The hub owns it: `app.close()` closes it. */
  store?: HubStore;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
}

/** The hub's Fastify instance with its provisioning actions attached (the in-process demo uses them). */
export type HubApp = FastifyInstance & { readonly admin: HubAdmin };

/** Builds a ready hub. It never listens: `main.ts` (or the demo) does. */
export async function buildHub(config: HubConfig, deps: HubDeps = {}): Promise<HubApp> {
  const clock = deps.clock ?? systemClock;
  const store = deps.store ?? openSqliteHubStore(config.database);
  const app: FastifyInstance = Fastify({ logger: deps.logger ?? false });
  try {
    app.addHook('onClose', async () => store.close());
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(zodSerializerCompiler);
    installErrorHandling(app);
    declarePrincipals(app);

    const admin = createHubAdmin(store, clock);
    // Stations must always find a key in their bundle, even before anyone issues a code.
    admin.ensureActiveMemberKey();
    app.decorate('admin', admin);

    await app.register(healthRoutes());
    await app.register(sessionRoutes({ store, clock, session: config.session }));
    await app.register(syncRoutes({ store, clock, timezone: config.timezone }));
    await app.register(stationBundleRoutes({ store, clock }));
    await app.register(stationRoutes({ store, clock, timezone: config.timezone }));
    await app.ready();
    return app as HubApp;
  } catch (error) {
    await app.close();
    throw error;
  }
}
