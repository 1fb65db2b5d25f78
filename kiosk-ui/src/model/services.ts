import type { DeviceKind, DeviceState } from '@yizhan/shared';

/**
 * Kinds a worker uses. Doors, people counters and bare sensors are the station's plumbing: the kiosk does not list
 * them as services.
 */
const SERVICE_KINDS: ReadonlySet<DeviceKind> = new Set(['appliance', 'fridge', 'presence']);

export const serviceDevices = (devices: ReadonlyMap<string, DeviceState>): DeviceState[] =>
  [...devices.values()].filter((device) => SERVICE_KINDS.has(device.kind));

/** How a card looks at a glance: `good` means go ahead, `busy` wait a bit, `alert` something is wrong. */
export type CardTone = 'good' | 'busy' | 'off' | 'alert' | 'unknown' | 'offline';

const TONES: Partial<Record<DeviceKind, Record<string, CardTone>>> = {
  appliance: { free: 'good', 'in-use': 'busy', off: 'off' },
  fridge: { ok: 'good', 'too-warm': 'alert' },
  presence: { clear: 'good', occupied: 'busy' },
};

export function cardTone(device: Pick<DeviceState, 'kind' | 'status' | 'online'>): CardTone {
  if (device.online === false) return 'offline';
  return TONES[device.kind]?.[device.status] ?? 'unknown';
}

/** A figure worth showing beside the status, e.g. the fridge's temperature. */
export function deviceFigure(device: Pick<DeviceState, 'kind' | 'online' | 'values'>): string | null {
  if (device.online === false) return null;
  const celsius = device.values.temperatureC;
  if (device.kind === 'fridge' && celsius !== undefined) return `${celsius.toFixed(1)} °C`;
  return null;
}

/**
 * How many minutes old a state kept from before the agent restarted is (the device has not spoken since); null
 * for a state the device has confirmed.
 */
export function lastKnownMinutes(device: Pick<DeviceState, 'confirmed' | 'updatedAt'>, now: Date): number | null {
  if (device.confirmed !== false || device.updatedAt === null) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(device.updatedAt)) / 60_000));
}

/** Whether `device` tells the live state of `service` (e.g. the `rest` service by the seats' presence sensor). */
const tellsStateOf = (service: string, device: DeviceState) =>
  device.device === service ||
  device.device.startsWith(`${service}-`) ||
  (service === 'rest' && device.kind === 'presence');

/** Services the station offers that no sensor watches: shown as offered, never with a guessed state. */
export function unwatchedServices(services: readonly string[], devices: readonly DeviceState[]): string[] {
  return services.filter((service) => !devices.some((device) => tellsStateOf(service, device)));
}
