import type { FastifyPluginAsync } from 'fastify';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { HubContext } from '../hub-context.ts';
import type { OfficeChange } from './office-feed.ts';
import type { PresenceWatch } from './presence-watch.ts';
import { type OfficeLiveMessage, overview, statusList } from './schema.ts';
import { stationStatusReader } from './station-status.ts';

/** Changes are gathered for this long and sent as one update, so a busy fleet does not flood a browser. */
const COALESCE_MS = 150;

/** The dashboard's overview and status list, and their live socket. */
export function officeStatusRoutes(deps: HubContext & { presence: PresenceWatch }): FastifyPluginAsync {
  const reader = stationStatusReader(deps);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get('/api/v1/overview', { schema: { response: { 200: overview } } }, async (request) =>
      reader.overview(operatorScope(authenticatedOperator(request))),
    );

    api.get('/api/v1/status', { schema: { response: { 200: statusList } } }, async (request) => ({
      stations: await reader.statuses(operatorScope(authenticatedOperator(request))),
    }));

    app.get('/api/v1/live', { websocket: true }, (socket, request) => {
      const scope = operatorScope(authenticatedOperator(request));
      const stations = new Set<string>();
      const changed = new Set<'alarms' | 'feedback' | 'schedules'>();
      let flush: NodeJS.Timeout | undefined;
      // Messages are made from asynchronous reads: chained, so they go out in order, the snapshot first.
      let sending: Promise<void> = Promise.resolve();
      const queue = (make: () => Promise<OfficeLiveMessage | undefined>) => {
        sending = sending
          .then(async () => {
            const message = await make();
            if (message && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          })
          .catch((err: unknown) => request.log.error({ err }, 'live update failed'));
      };
      const onChange = (change: OfficeChange) => {
        if (change.type === 'schedules') changed.add('schedules');
        else {
          stations.add(change.stationId);
          if (change.type !== 'station') changed.add(change.type);
        }
        flush ??= setTimeout(() => {
          flush = undefined;
          const ids = [...stations];
          const lists = [...changed];
          stations.clear();
          changed.clear();
          queue(async () => {
            const rows = (await Promise.all(ids.map((id) => reader.statuses({ ...scope, stationId: id })))).flat();
            // A viewer hears only about their district: hints for stations outside it are dropped too.
            const visible = scope.district === undefined || rows.length > 0 || lists.includes('schedules');
            if (!visible) return undefined;
            return { type: 'update', overview: await reader.overview(scope), stations: rows, changed: lists };
          });
        }, COALESCE_MS);
      };
      const off = deps.feed.on(onChange);
      deps.presence.start();
      queue(async () => ({
        type: 'snapshot',
        overview: await reader.overview(scope),
        stations: await reader.statuses(scope),
      }));
      socket.on('close', () => {
        off();
        clearTimeout(flush);
        deps.presence.stop();
      });
    });
  };
}
