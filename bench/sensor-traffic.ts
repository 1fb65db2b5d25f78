/** Background sensor traffic at a station for the door benchmarks: Tasmota SENSOR messages from its plugs, paced in 10 ms ticks. */
import { tasmota } from '@yizhan/simulator';
import type { MqttClient } from 'mqtt';

export function sensorTraffic(client: MqttClient, plugs: readonly string[], perSecond: number) {
  let sent = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perSecond / 100; i++) {
      const plug = plugs[sent % plugs.length]!;
      const m = tasmota.sensor(plug, new Date(), { powerW: 5 + (sent % 900), energyKWh: 1 + sent / 1e6 });
      client.publish(m.topic, m.payload, { qos: 0 });
      sent++;
    }
  }, 10);
  return {
    sent: () => sent,
    stop: () => clearInterval(timer),
  };
}
