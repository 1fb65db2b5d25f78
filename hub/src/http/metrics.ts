/**
 * `/metrics` in Prometheus' text format, from prom-client: the process's own series (CPU, heap, GC, event-loop
 * lag) beside the hub's: requests by route and status, their durations, and the office's open live sockets.
 * Each hub process is scraped at its own port with the config's `metrics.token`; nginx does not pass `/metrics`
 * (deploy/nginx/yizhan-hub.conf).
 */
import { timingSafeEqual } from 'node:crypto';
import { processMetrics } from '@yizhan/shared/http';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { HubError } from '../errors.ts';
import { tokenHash } from './secret-token.ts';

export class HubMetrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'yizhan_hub_http_requests_total',
    help: 'Requests answered, by method, route (its pattern) and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'yizhan_hub_http_request_duration_seconds',
    help: 'Time to answer, by method and route.',
    labelNames: ['method', 'route'],
    // A dashboard read takes milliseconds, a sync batch tens of them; past a few seconds something is wrong.
    buckets: [0.005, 0.025, 0.1, 0.5, 2.5, 10],
    registers: [this.registry],
  });

  constructor(officeSockets: () => number) {
    new Gauge({
      name: 'yizhan_hub_office_sockets',
      help: 'Dashboards holding the live socket open, on this process.',
      registers: [this.registry],
      collect() {
        this.set(officeSockets());
      },
    });
  }

  /** Counts every answer by its route's pattern (`/api/v1/stations/:id`), never its URL: the labels stay few. */
  observeRequests(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const { method } = request;
      this.requests.inc({ method, route, status: String(reply.statusCode) });
      this.durations.observe({ method, route }, reply.elapsedTime / 1000);
    });
  }

  readonly contentType = this.registry.contentType;

  async render(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }
}

/** `token`: the config's `metrics.token`; without one, no scraper is let in. */
export function metricsRoutes(metrics: HubMetrics, token: string | undefined): FastifyPluginAsync {
  // Compared as hashes: equal lengths for timingSafeEqual, and no early exit on the first different byte.
  const expected = token === undefined ? undefined : Buffer.from(tokenHash(token), 'hex');
  return async (app) => {
    // Prometheus' text format: no JSON schema to give.
    app.get('/metrics', async (request, reply) => {
      const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!expected) throw new HubError('YZ_ERR_UNAUTHENTICATED', 'set metrics.token in the hub config to scrape');
      if (!given || !timingSafeEqual(Buffer.from(tokenHash(given), 'hex'), expected)) {
        throw new HubError('YZ_ERR_UNAUTHENTICATED', 'Authorization: Bearer <metrics.token> is required');
      }
      return reply.type(metrics.contentType).send(await metrics.render());
    });
  };
}
