import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { createHubAdmin } from './hub-admin.ts';
import { openHubStore } from './open-store.ts';

export const DEFAULT_CONFIG_PATH = 'examples/hub.yaml';
export const CONFIG_ENV_VAR = 'YIZHAN_HUB_CONFIG';

type Option = { type: 'string' };
const str: Option = { type: 'string' };

/** The options of each command; `--config` is accepted by all. */
const COMMANDS = {
  serve: {},
  'add-station': {
    id: str,
    name: str,
    district: str,
    city: str,
    province: str,
    capacity: str,
    address: str,
    lat: str,
    lng: str,
  },
  'rotate-token': { station: str },
  'add-operator': { username: str, password: str, role: str, district: str, city: str, province: str },
  'member-code': { member: str, category: str, lifetime: str },
  'revoke-member': { member: str },
  'rotate-key': {},
  'retire-key': { kid: str },
  'add-integration': { name: str },
  'member-link': { member: str, category: str },
} as const satisfies Record<string, Record<string, Option>>;

export type HubCommand = keyof typeof COMMANDS;

export interface ParsedCli {
  command: HubCommand;
  configPath: string;
  options: Record<string, string | undefined>;
}

export const USAGE = `usage: pnpm hub [command] [--config hub.yaml] [options]
  serve                                    run the hub (default)
  add-station --id --name --district --capacity [--city --province --address --lat --lng]
                                           register a station; prints its token once
  rotate-token --station ID                replace a station's token; prints the new one
  add-operator --username --password --role admin|district-viewer|case-officer [--district --city --province]
  member-code --member M --category rider [--lifetime 120]
                                           prints a signed member code
  revoke-member --member M                 refuse M's codes at every station
  rotate-key                               new signing key for member codes; old keys still verify
  retire-key --kid K                       codes signed by K stop opening doors (next bundle)
  add-integration --name member-app        a key for the member app's POST /api/v1/member-codes; printed once
  member-link --member M --category rider  a worker's member-page path (/m/…) with a live code; printed once
config: --config, else $${CONFIG_ENV_VAR}, else ${DEFAULT_CONFIG_PATH} (relative to the working directory)`;

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export function parseHubCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ParsedCli {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? first : 'serve';
  if (!Object.hasOwn(COMMANDS, command)) throw new CliUsageError(`unknown command ${command}`);
  const spec = COMMANDS[command as HubCommand];
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(named ? 1 : 0),
      options: { ...spec, config: str },
      strict: true,
      allowPositionals: false,
    }) as unknown as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { config, ...options } = values;
  return {
    command: command as HubCommand,
    configPath: resolve(cwd, config ?? env[CONFIG_ENV_VAR] ?? DEFAULT_CONFIG_PATH),
    options,
  };
}

/** Runs one provisioning command against the hub database and returns what it prints on stdout. */
export async function runAdminCommand(
  command: Exclude<HubCommand, 'serve'>,
  options: Record<string, string | undefined>,
  config: HubConfig,
  clock: Clock = systemClock,
): Promise<string> {
  const store = await openHubStore(config.database, (err, what) => console.error(`hub: ${what}:`, err));
  try {
    const admin = createHubAdmin(store, clock);
    switch (command) {
      case 'add-station':
        return (
          await admin.addStation({
            id: options.id ?? '',
            name: options.name ?? '',
            district: options.district ?? '',
            city: options.city,
            province: options.province,
            capacity: toNumber(options.capacity),
            address: options.address,
            lat: options.lat === undefined ? undefined : toNumber(options.lat),
            lng: options.lng === undefined ? undefined : toNumber(options.lng),
          })
        ).token;
      case 'rotate-token':
        return (await admin.rotateStationToken(required(options, 'station'))).token;
      case 'add-operator': {
        const role = required(options, 'role');
        const credentials = { username: options.username ?? '', password: options.password ?? '' };
        const operator = await admin.addOperator(
          role === 'district-viewer'
            ? { ...credentials, role, district: options.district ?? '', city: options.city, province: options.province }
            : role === 'case-officer'
              ? { ...credentials, role, district: options.district, city: options.city, province: options.province }
              : { ...credentials, role: role as 'admin' },
        );
        return `operator ${operator.username} added (${operator.role}${operator.district ? `, ${operator.district}` : ''})`;
      }
      case 'member-code':
        return await admin.issueMemberCode({
          member: options.member ?? '',
          category: (options.category ?? '') as 'rider',
          lifetimeSeconds: options.lifetime === undefined ? undefined : toNumber(options.lifetime),
        });
      case 'revoke-member':
        return await admin.revokeMember(required(options, 'member'));
      case 'rotate-key':
        return (await admin.rotateMemberKey()).kid;
      case 'retire-key':
        return (await admin.retireMemberKey(required(options, 'kid'))).kid;
      case 'add-integration':
        return (await admin.addIntegration(required(options, 'name'))).key;
      case 'member-link':
        return `/m/${
          (await admin.addMemberLink({ member: options.member ?? '', category: (options.category ?? '') as 'rider' }))
            .token
        }`;
    }
  } finally {
    await store.close();
  }
}

function required(options: Record<string, string | undefined>, name: string): string {
  const value = options[name];
  if (value === undefined || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

// Non-numbers become NaN, which the input schema reports against the field's name.
function toNumber(value: string | undefined): number {
  return value === undefined || value.trim() === '' ? Number.NaN : Number(value);
}
