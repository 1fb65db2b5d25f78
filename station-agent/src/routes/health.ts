/** `/healthz` for a supervisor and `/metrics` for Prometheus. */
import type { FastifyInstance } from 'fastify';
import type { AgentMetrics, MetricGauges } from '../metrics.ts';

export interface HealthSources {
  metrics: AgentMetrics;
  gauges(): MetricGauges;
  pendingEvents(): number;
  /** Whether the live channel to the hub is up; undefined for a station without a hub. */
  hubChannel(): boolean | undefined;
}

export interface HealthBody {
  ok: true;
  mqtt: boolean;
  pendingEvents: number;
  devices: { online: number; offline: number; unknown: number };
  openAlarms: number;
  /** The live channel to the hub (absent without a hub). */
  hubChannel?: boolean;
}

export function healthRoutes(sources: HealthSources) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', async () => {
      const g = sources.gauges();
      const body: HealthBody = {
        ok: true,
        mqtt: g.mqttConnected,
        pendingEvents: sources.pendingEvents(),
        devices: {
          online: g.devices.filter((d) => d.online === true).length,
          offline: g.devices.filter((d) => d.online === false).length,
          unknown: g.devices.filter((d) => d.online === null).length,
        },
        openAlarms: g.openAlarms.length,
      };
      const channel = sources.hubChannel();
      if (channel !== undefined) body.hubChannel = channel;
      return body;
    });
    app.get('/metrics', async (_req, reply) =>
      reply.type(sources.metrics.contentType).send(await sources.metrics.render(sources.gauges())),
    );
  };
}
