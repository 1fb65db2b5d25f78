import { dirname, resolve } from 'node:path';
import { deepFreeze, type Env, readConfigFile, validateConfig } from '@yizhan/shared/config-file';
import { z } from 'zod';

export const DEFAULT_HUB_PORT = 8700;

/** A port may come from `${VAR}` interpolation as a string of digits. */
const port = z
  .union([z.number(), z.string().regex(/^\d+$/, 'a port number').transform(Number)])
  .pipe(z.number().int().min(0).max(65_535));

const timezone = z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai');

const hubConfigSchema = z.strictObject({
  listen: z
    .strictObject({ host: z.string().min(1).default('127.0.0.1'), port: port.default(DEFAULT_HUB_PORT) })
    .prefault({}),
  /** SQLite file; a relative path is taken from the config file's folder. */
  database: z.string().min(1),
  /** Local days (visit counts, "today") are reckoned in this zone. */
  timezone: timezone.default('Asia/Shanghai'),
  session: z
    .strictObject({
      ttlMinutes: z.number().int().min(1).max(43_200).default(720),
      /** Set when the hub is served over HTTPS; browsers then send the cookie only over TLS. */
      secureCookie: z.boolean().default(false),
    })
    .prefault({}),
  live: z
    .strictObject({
      /** A station not heard from (sync, heartbeat, bundle) for this long shows as offline. */
      offlineAfterSeconds: z.number().int().min(5).max(86_400).default(180),
      /** How often the hub looks for stations that went silent while a dashboard is watching. */
      checkSeconds: z.number().min(0.1).max(600).default(10),
    })
    .prefault({}),
});

export type HubConfig = Readonly<{
  listen: Readonly<{ host: string; port: number }>;
  database: string;
  timezone: string;
  session: Readonly<{ ttlMinutes: number; secureCookie: boolean }>;
  live: Readonly<{ offlineAfterSeconds: number; checkSeconds: number }>;
}>;

export { ConfigError as HubConfigError } from '@yizhan/shared/config-file';

/**
 * Validates an already-parsed config object. `baseDir` anchors a relative database path
 * (the config file's folder when loaded from a file).
 */
export function parseHubConfig(input: unknown, options: { baseDir?: string; source?: string } = {}): HubConfig {
  const config = validateConfig(hubConfigSchema, input, options.source ?? 'object');
  return deepFreeze({ ...config, database: resolve(options.baseDir ?? process.cwd(), config.database) });
}

/** Reads the YAML file, substitutes `${VAR}` from `env` (never from process.env directly), validates it. */
export function loadHubConfig(path: string, env: Env): HubConfig {
  return parseHubConfig(readConfigFile(path, env), { baseDir: dirname(resolve(path)), source: path });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
