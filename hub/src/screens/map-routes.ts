import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import type { MapSettings } from '../config.ts';
import { requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { type MapTiles, mapTiles } from './map-schema.ts';

/** The map's tiles as the config names them (null: the plain background), for the dashboard. */
export function mapRoutes(deps: HubContext, settings: MapSettings): FastifyPluginAsync {
  return async (app) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/api/v1/map',
        { onRequest: requireOperator(deps.store, deps.clock), schema: { response: { 200: mapTiles } } },
        async () => tilesOf(settings),
      );
  };
}

export function tilesOf(settings: MapSettings): MapTiles {
  return {
    tiles: settings.tileUrl
      ? {
          url: settings.tileUrl,
          attribution: settings.attribution,
          subdomains: settings.subdomains,
          maxZoom: settings.maxZoom,
        }
      : null,
  };
}

/**
 * Where the tiles come from, for the CSP's img-src: the tile URL's host, its first label a wildcard when it holds
 * a placeholder ({s}: webrd0{s}.is.autonavi.com → *.is.autonavi.com). Undefined without tiles.
 */
export function tileSource(settings: MapSettings): string | undefined {
  const host = settings.tileUrl && /^https:\/\/([^/]+)/.exec(settings.tileUrl)?.[1];
  if (!host) return undefined;
  return `https://${host.includes('{') ? host.replace(/^[^.]*/, '*') : host}`;
}
