/** `/healthz` for a supervisor and `/metrics` for Prometheus. */
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AgentMetrics, MetricGauges } from '../metrics.ts';

export interface HealthSources {
  metrics: AgentMetrics;
  gauges(): MetricGauges;
  pendingEvents(): number;
}

const count = z.number().int().nonnegative();
export const healthBody = z.object({
  ok: z.literal(true),
  /** Whether the broker links are up. */
  mqtt: z.boolean(),
  /** Outbox events not yet accepted by the hub. */
  pendingEvents: count,
  devices: z.object({ online: count, offline: count, unknown: count }),
  openAlarms: count,
});
export type HealthBody = z.infer<typeof healthBody>;

export function healthRoutes(sources: HealthSources) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/healthz', { schema: { response: { 200: healthBody } } }, async () => {
      const g = sources.gauges();
      return {
        ok: true as const,
        mqtt: g.mqttConnected,
        pendingEvents: sources.pendingEvents(),
        devices: {
          online: g.devices.filter((d) => d.online === true).length,
          offline: g.devices.filter((d) => d.online === false).length,
          unknown: g.devices.filter((d) => d.online === null).length,
        },
        openAlarms: g.openAlarms.length,
      };
    });
    // Prometheus' text format: no JSON schema to give.
    app.get('/metrics', async (_req, reply) =>
      reply.type(sources.metrics.contentType).send(await sources.metrics.render(sources.gauges())),
    );
  };
}
