/**
 * Whether each service a device provides works right now, for the kiosk: the water is unavailable
 * when its dispenser's plug is off or offline, the fridge when it is offline, off or too warm.
 * A service with several devices is available when any of them is.
 */
import type { DeviceState } from '@yizhan/shared';
import type { DeviceConfig } from '../config.ts';

export type ServiceStatus = 'available' | 'unavailable' | 'unknown';

export interface ServiceAvailability {
  service: string;
  status: ServiceStatus;
}

export function deviceServiceStatus(state: DeviceState): ServiceStatus {
  if (state.online === false) return 'unavailable';
  if (state.values.on === false || state.status === 'off' || state.status === 'too-warm') return 'unavailable';
  if (state.online === null && Object.keys(state.values).length === 0) return 'unknown';
  if (state.status === 'unknown' && Object.keys(state.values).length === 0) return 'unknown';
  return 'available';
}

export function serviceAvailability(
  configs: readonly DeviceConfig[],
  state: (device: string) => DeviceState | undefined,
): ServiceAvailability[] {
  const byService = new Map<string, ServiceStatus[]>();
  for (const c of configs) {
    if (!c.service) continue;
    const s = state(c.id);
    const list = byService.get(c.service) ?? [];
    list.push(s ? deviceServiceStatus(s) : 'unknown');
    byService.set(c.service, list);
  }
  return [...byService].map(([service, list]) => ({
    service,
    status: list.includes('available') ? 'available' : list.includes('unknown') ? 'unknown' : 'unavailable',
  }));
}
