/**
 * `/metrics` in Prometheus' text format, from prom-client: the process's own series (CPU, memory, heap, GC,
 * event-loop lag: one set per process, however many agents it runs) beside the agent's.
 */
import type { DeviceState } from '@yizhan/shared';
import { processMetrics } from '@yizhan/shared/http';
import { Counter, Gauge, Registry } from 'prom-client';
import type { RejectionReason } from './devices/adapters/index.ts';

export interface MetricGauges {
  mqttConnected: boolean;
  devices: readonly DeviceState[];
  openAlarms: readonly { rule: string }[];
  duplicates: number;
  readingsPersisted: number;
  readingsBuffered: number;
  inside: number | undefined;
  /** Devices whose telemetry is not received for now, for flooding. */
  mutedDevices: readonly string[];
}

export class AgentMetrics {
  private readonly registry = new Registry();
  private readonly messagesIn = new Counter({
    name: 'yizhan_mqtt_messages_in_total',
    help: 'Device messages received.',
    registers: [this.registry],
  });
  private readonly rejectedByReason = new Counter({
    name: 'yizhan_payloads_rejected_total',
    help: 'Device payloads refused, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [this.registry] });
  private readonly duplicates = this.gauge(
    'yizhan_payloads_duplicate_total',
    'Identical payloads repeated within a second, dropped.',
  );
  private readonly persisted = this.gauge('yizhan_readings_persisted_total', 'Readings written to SQLite.');
  private readonly buffered = this.gauge('yizhan_readings_buffered', 'Readings waiting for the next write.');
  private readonly connected = this.gauge('yizhan_mqtt_connected', 'Whether the broker links are up.');
  private readonly online = this.gauge(
    'yizhan_device_online',
    'Device availability: 1 online, 0 offline, -1 not known yet.',
    ['device', 'kind'],
  );
  private readonly alarms = this.gauge('yizhan_alarms_open', 'Open alarms, by rule.', ['rule']);
  private readonly muted = this.gauge(
    'yizhan_device_muted',
    'Devices whose telemetry is unsubscribed for a while because they flood it.',
    ['device'],
  );
  /** Its own registry: a station without a people counter or presence sensor has no estimate, and no series. */
  private readonly insideRegistry = new Registry();
  private readonly inside = new Gauge({
    name: 'yizhan_people_inside',
    help: 'The occupancy estimate.',
    registers: [this.insideRegistry],
  });
  // Counted in plain numbers on the message path (prom-client hashes a metric's labels on every `inc`, and a
  // flooding device sends tens of thousands a second) and handed to prom-client at each scrape.
  private messages = 0;
  private readonly rejections = new Map<RejectionReason, number>();

  messageIn(): void {
    this.messages++;
  }

  get messagesInCount(): number {
    return this.messages;
  }

  rejected(reason: RejectionReason): void {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
  }

  rejectedCount(reason: RejectionReason): number {
    return this.rejections.get(reason) ?? 0;
  }

  /** The text of a scrape: the gauges are read now, from the agent's state. */
  async render(g: MetricGauges): Promise<string> {
    this.messagesIn.reset();
    this.messagesIn.inc(this.messages);
    this.rejectedByReason.reset();
    for (const [reason, n] of this.rejections) this.rejectedByReason.inc({ reason }, n);
    this.duplicates.set(g.duplicates);
    this.persisted.set(g.readingsPersisted);
    this.buffered.set(g.readingsBuffered);
    this.connected.set(g.mqttConnected ? 1 : 0);
    this.online.reset();
    for (const d of g.devices)
      this.online.set({ device: d.device, kind: d.kind }, d.online === null ? -1 : d.online ? 1 : 0);
    this.muted.reset();
    for (const device of g.mutedDevices) this.muted.set({ device }, 1);
    this.alarms.reset();
    this.alarms.set(g.openAlarms.length);
    const byRule = new Map<string, number>();
    for (const a of g.openAlarms) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
    for (const [rule, n] of byRule) this.alarms.set({ rule }, n);
    const parts = [await this.registry.metrics()];
    if (g.inside !== undefined) {
      this.inside.set(g.inside);
      parts.push(await this.insideRegistry.metrics());
    }
    parts.push(await processMetrics().metrics());
    return parts.join('\n');
  }

  readonly contentType = this.registry.contentType;
}
