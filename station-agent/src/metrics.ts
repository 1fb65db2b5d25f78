/** Counters behind `/metrics`, in Prometheus' text format. */
import type { DeviceState } from '@yizhan/shared';
import type { RejectionReason } from './devices/adapters/index.ts';

export interface MetricGauges {
  mqttConnected: boolean;
  devices: readonly DeviceState[];
  openAlarms: readonly { rule: string }[];
  duplicates: number;
  readingsPersisted: number;
  readingsBuffered: number;
  inside: number | undefined;
}

export class AgentMetrics {
  private messagesIn = 0;
  private readonly rejectedByReason = new Map<RejectionReason, number>();

  messageIn(): void {
    this.messagesIn++;
  }

  get messagesInCount(): number {
    return this.messagesIn;
  }

  rejected(reason: RejectionReason): void {
    this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + 1);
  }

  rejectedCount(reason: RejectionReason): number {
    return this.rejectedByReason.get(reason) ?? 0;
  }

  render(g: MetricGauges): string {
    const alarmsByRule = new Map<string, number>();
    for (const a of g.openAlarms) alarmsByRule.set(a.rule, (alarmsByRule.get(a.rule) ?? 0) + 1);
    const lines = [
      '# HELP yizhan_mqtt_messages_in_total Device messages received.',
      '# TYPE yizhan_mqtt_messages_in_total counter',
      `yizhan_mqtt_messages_in_total ${this.messagesIn}`,
      '# HELP yizhan_payloads_rejected_total Device payloads refused, by reason.',
      '# TYPE yizhan_payloads_rejected_total counter',
      ...[...this.rejectedByReason].map(([reason, n]) => `yizhan_payloads_rejected_total{reason="${reason}"} ${n}`),
      '# HELP yizhan_payloads_duplicate_total Identical payloads repeated within a second, dropped.',
      '# TYPE yizhan_payloads_duplicate_total counter',
      `yizhan_payloads_duplicate_total ${g.duplicates}`,
      '# HELP yizhan_readings_persisted_total Readings written to SQLite.',
      '# TYPE yizhan_readings_persisted_total counter',
      `yizhan_readings_persisted_total ${g.readingsPersisted}`,
      '# HELP yizhan_readings_buffered Readings waiting for the next write.',
      '# TYPE yizhan_readings_buffered gauge',
      `yizhan_readings_buffered ${g.readingsBuffered}`,
      '# HELP yizhan_mqtt_connected Whether the broker link is up.',
      '# TYPE yizhan_mqtt_connected gauge',
      `yizhan_mqtt_connected ${g.mqttConnected ? 1 : 0}`,
      '# HELP yizhan_device_online Device availability: 1 online, 0 offline, -1 not known yet.',
      '# TYPE yizhan_device_online gauge',
      ...g.devices.map(
        (d) =>
          `yizhan_device_online{device="${d.device}",kind="${d.kind}"} ${d.online === null ? -1 : d.online ? 1 : 0}`,
      ),
      '# HELP yizhan_alarms_open Open alarms, by rule.',
      '# TYPE yizhan_alarms_open gauge',
      `yizhan_alarms_open ${g.openAlarms.length}`,
      ...[...alarmsByRule].map(([rule, n]) => `yizhan_alarms_open{rule="${rule}"} ${n}`),
    ];
    if (g.inside !== undefined) {
      lines.push(
        '# HELP yizhan_people_inside The occupancy estimate.',
        '# TYPE yizhan_people_inside gauge',
        `yizhan_people_inside ${g.inside}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
