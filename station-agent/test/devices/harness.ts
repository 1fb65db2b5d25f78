/** StationDevices with every event it raises recorded, as the device tests drive it. */
import type { DeviceState, DeviceValues } from '@yizhan/shared';
import { type DeviceConfig, parseAgentConfig } from '../../src/config.ts';
import type { DeviceMessage } from '../../src/devices/adapters/index.ts';
import { RejectionLog } from '../../src/devices/rejection-log.ts';
import { StationDevices } from '../../src/devices/station-devices.ts';
import { AgentMetrics } from '../../src/metrics.ts';

export function devicesOf(devices: unknown[]): DeviceConfig[] {
  return [...parseAgentConfig({ station: { id: 's', name: 'S', district: 'D', capacity: 20 }, devices }).devices];
}

export function harness(devices: unknown[]) {
  const changes: { state: DeviceState; urgent: boolean }[] = [];
  const readings: { device: string; values: DeviceValues; at: number }[] = [];
  const availability: { device: string; online: boolean; at: number }[] = [];
  const rejected: Extract<DeviceMessage, { kind: 'rejected' }>[] = [];
  const logLines: object[] = [];
  const metrics = new AgentMetrics();
  const log = new RejectionLog({ warn: (fields) => logLines.push(fields) }, Date.now);
  const station = new StationDevices(
    devicesOf(devices),
    {
      changed: (state, urgent) => changes.push({ state, urgent }),
      reading: (device, values, at) => readings.push({ device, values, at }),
      sessionEnded: () => {},
      availability: (device, online, at) => availability.push({ device, online, at }),
      rejected: (device, topic, m) => {
        rejected.push(m);
        metrics.rejected(m.reason);
        log.note(device, topic, m);
      },
    },
    Date.now,
  );
  const send = (device: string, topic: string, payload: string | Buffer) =>
    station.handle(device, topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
  return { station, changes, readings, availability, rejected, logLines, metrics, send };
}
