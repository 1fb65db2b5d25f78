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
  home: 'M6 22L24 7l18 15M11 18v22h26V18M20 40V28h8v12',
  calendar: 'M7 11h34v30H7zM7 19h34M15 6v9M33 6v9M14 27h5M22 27h5M30 27h5M14 34h5M22 34h5',
  hand: 'M17 24V10a3 3 0 0 1 6 0v12M23 21V7a3 3 0 0 1 6 0v15M29 21V10a3 3 0 0 1 6 0v16c0 9-5 15-13 15-6 0-9-3-12-8l-5-8a3 3 0 0 1 5-3l4 5',
  alert: 'M24 6L43 40H5zM24 18v11M24 34v1',
  pin: 'M24 43s13-13 13-23a13 13 0 0 0-26 0c0 10 13 23 13 23zM24 15a5 5 0 1 0 0 10a5 5 0 1 0 0-10z',
  people:
    'M17 20a6 6 0 1 0 0-12a6 6 0 1 0 0 12zM5 40c0-8 5-13 12-13s12 5 12 13M32 21a5 5 0 1 0 0-10M35 27c5 1 8 6 8 13',
  clock: 'M24 6a18 18 0 1 0 0 36a18 18 0 1 0 0-36zM24 14v11l7 5',
  megaphone: 'M8 20v8h6l16 9V11L14 20zM14 28l3 11h5l-2-10M36 18a7 7 0 0 1 0 12',
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
