import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HubError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a browser request comes from another site, or undefined when it may go on. The browser's own
 * `Sec-Fetch-Site` decides when it is sent (a proxy cannot blur it); older browsers get the `Origin`
 * compared with `Host`. A client that sends neither (a station, the member app's server, curl) is no
 * browser, so no other site can be driving it with the office's cookie.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' ? undefined : `Sec-Fetch-Site: ${site}`;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  try {
    const from = new URL(origin);
    // Read the Host in the origin's scheme, so `http://h` and `Host: h:80` are the same place.
    const here = new URL(`${from.protocol}//${request.headers.host ?? ''}`);
    if (from.host !== '' && from.host === here.host) return undefined;
  } catch {
    // An Origin (or Host) that is no URL is no proof of anything.
  }
  return `Origin: ${origin.slice(0, 100)}`;
}

/**
 * Refuses cross-site requests that change something (and the dashboard's live socket) before any body is
 * read, on top of the session cookie's SameSite=Strict: a same-site subdomain or an old browser that
 * ignores SameSite still cannot act for a signed-in operator.
 */
export function installCsrfGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (SAFE_METHODS.has(request.method) && !upgrade) return;
    const reason = crossSiteReason(request);
    if (reason) throw new HubError('YZ_ERR_CROSS_SITE', `cross-site request refused (${reason})`);
  });
}
