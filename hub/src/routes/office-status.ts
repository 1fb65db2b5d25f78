import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { OfficeChange } from '../live/office-feed.ts';
import type { PresenceWatch } from '../live/presence-watch.ts';
import type { OfficeLiveMessage } from '../office/live-message.ts';
import type { OfficeDeps } from '../office/office-deps.ts';
import { overview, stationStatus, stationStatusReader } from '../office/station-status.ts';

/** Changes are gathered for this long and sent as one update, so a busy fleet does not flood a browser. */
const COALESCE_MS = 150;

/** The dashboard's overview and status list, and their live socket. */
export function officeStatusRoutes(deps: OfficeDeps & { presence: PresenceWatch }): FastifyPluginAsync {
  const reader = stationStatusReader(deps);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get('/api/v1/overview', { schema: { response: { 200: overview } } }, async (request) =>
      reader.overview(operatorScope(authenticatedOperator(request))),
    );

    api.get(
      '/api/v1/status',
      { schema: { response: { 200: z.object({ stations: z.array(stationStatus) }) } } },
      async (request) => ({ stations: reader.statuses(operatorScope(authenticatedOperator(request))) }),
    );

    app.get('/api/v1/live', { websocket: true }, (socket, request) => {
      const scope = operatorScope(authenticatedOperator(request));
      const send = (message: OfficeLiveMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const stations = new Set<string>();
      const changed = new Set<'alarms' | 'feedback' | 'schedules'>();
      let flush: NodeJS.Timeout | undefined;
      const onChange = (change: OfficeChange) => {
        if (change.type === 'schedules') changed.add('schedules');
        else {
          stations.add(change.stationId);
          if (change.type !== 'station') changed.add(change.type);
        }
        flush ??= setTimeout(() => {
          flush = undefined;
          const rows = [...stations].flatMap((id) => reader.statuses({ ...scope, stationId: id }));
          // A viewer hears only about their district: hints for stations outside it are dropped too.
          const visible = scope.district === undefined || rows.length > 0 || changed.has('schedules');
          if (visible)
            send({ type: 'update', overview: reader.overview(scope), stations: rows, changed: [...changed] });
          stations.clear();
          changed.clear();
        }, COALESCE_MS);
      };
      const off = deps.feed.on(onChange);
      deps.presence.start();
      send({ type: 'snapshot', overview: reader.overview(scope), stations: reader.statuses(scope) });
      socket.on('close', () => {
        off();
        clearTimeout(flush);
        deps.presence.stop();
      });
    });
  };
}
