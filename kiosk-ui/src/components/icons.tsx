import type { DeviceState } from '@yizhan/shared';

/** Line icons drawn on a 48×48 grid; they inherit the text colour. */
const PATHS = {
  microwave: 'M6 12h36v24H6zM10 16h20v16H10zM35 18v2M35 24v2M35 30v2',
  water: 'M24 6c7 9 12 16 12 22a12 12 0 0 1-24 0c0-6 5-13 12-22zM18 30a6 6 0 0 0 6 6',
  fridge: 'M12 5h24v38H12zM12 19h24M17 10v5M17 24v8',
  seat: 'M14 8v18h20V8M10 26h28v6H10zM14 32v10M34 32v10',
  charging: 'M16 6h16v36H16zM21 4h6M26 14l-5 10h7l-5 10',
  plug: 'M18 6v10M30 6v10M14 16h20v8a10 10 0 0 1-20 0zM24 34v8',
  globe: 'M24 6a18 18 0 1 0 0 36a18 18 0 1 0 0-36zM6 24h36M24 6c-6 6-6 30 0 36M24 6c6 6 6 30 0 36',
  check: 'M10 25l9 9 19-20',
  cross: 'M13 13l22 22M35 13L13 35',
  refresh: 'M38 24a14 14 0 1 1-4-10M38 8v8h-8',
  door: 'M12 42V6h22v36M8 42h32M28 24v2',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, class: className }: { name: IconName; class?: string }) {
  return (
    <svg class={className} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}

/** A device's picture from its kind, or from its id when the kind is as broad as `appliance`. */
export function deviceIcon(device: Pick<DeviceState, 'device' | 'kind'>): IconName {
  if (device.kind === 'fridge') return 'fridge';
  if (device.kind === 'presence') return 'seat';
  const id = device.device.toLowerCase();
  if (id.includes('microwave')) return 'microwave';
  if (id.includes('water') || id.includes('kettle') || id.includes('dispenser')) return 'water';
  if (id.includes('charg')) return 'charging';
  return 'plug';
}
