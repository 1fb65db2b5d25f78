/** Counters behind `/metrics`, in Prometheus' text format. */
import type { RejectionReason } from './devices/adapters/index.ts';

export class AgentMetrics {
  private messagesIn = 0;
  private readonly rejectedByReason = new Map<RejectionReason, number>();

  messageIn(): void {
    this.messagesIn++;
  }

  rejected(reason: RejectionReason): void {
    this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + 1);
  }

  rejectedCount(reason: RejectionReason): number {
    return this.rejectedByReason.get(reason) ?? 0;
  }

  render(gauges: { mqttConnected: boolean }): string {
    const lines = [
      '# HELP yizhan_mqtt_messages_in_total Device messages received.',
      '# TYPE yizhan_mqtt_messages_in_total counter',
      `yizhan_mqtt_messages_in_total ${this.messagesIn}`,
      '# HELP yizhan_payloads_rejected_total Device payloads refused, by reason.',
      '# TYPE yizhan_payloads_rejected_total counter',
      ...[...this.rejectedByReason].map(([reason, n]) => `yizhan_payloads_rejected_total{reason="${reason}"} ${n}`),
      '# HELP yizhan_mqtt_connected Whether the broker link is up.',
      '# TYPE yizhan_mqtt_connected gauge',
      `yizhan_mqtt_connected ${gauges.mqttConnected ? 1 : 0}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
