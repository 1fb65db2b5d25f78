/**
 * An appliance plug switched in its own firmware's format: Tasmota `cmnd/<t>/POWER` (`POWER<n>` for relay n),
 * Shelly Gen2 `<prefix>/rpc` with `Switch.Set` (its answer comes to `src`). Other formats cannot be switched.
 */
import { shellyGen2Topics, tasmotaTopics } from '@yizhan/shared';
import type { DeviceSource } from '../config.ts';
import type { DeviceCommand } from '../mqtt/link.ts';

export function powerCommand(
  source: DeviceSource,
  on: boolean,
  requestId: number,
  src: string,
): DeviceCommand | undefined {
  switch (source.format) {
    case 'tasmota': {
      const name = source.relay === undefined ? 'POWER' : `POWER${source.relay}`;
      return { topic: tasmotaTopics(source.topic).command(name), payload: on ? 'ON' : 'OFF' };
    }
    case 'shelly-gen2':
      return {
        topic: shellyGen2Topics(source.topic).rpc,
        payload: JSON.stringify({ id: requestId, src, method: 'Switch.Set', params: { id: source.switchId, on } }),
      };
    default:
      return undefined;
  }
}
