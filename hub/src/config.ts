import { dirname, resolve } from 'node:path';
import { deepFreeze, type Env, readConfigFile, validateConfig } from '@yizhan/shared/config-file';
import { z } from 'zod';
import { type InjuriesConfig, injuriesConfigSchema } from './injuries/config.ts';

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
  /**
   * Where the hub keeps its data: a SQLite file (a path, or `{ engine: sqlite, path }`; a relative path is
   * taken from the config file's folder), or PostgreSQL (`{ engine: postgres, url }`), which several hub
   * processes can share.
   */
  database: z.union([
    z
      .string()
      .min(1)
      .transform((path) => ({ engine: 'sqlite' as const, path })),
    z.discriminatedUnion('engine', [
      z.strictObject({ engine: z.literal('sqlite'), path: z.string().min(1) }),
      z.strictObject({
        engine: z.literal('postgres'),
        url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL'),
        poolSize: z.number().int().min(1).max(200).default(10),
        /** Months of event history kept: older months' partitions are dropped whole. */
        retentionMonths: z.number().int().min(2).max(120).default(13),
      }),
    ]),
  ]),
  /** Local days (visit counts, "today") are reckoned in this zone. */
  timezone: timezone.default('Asia/Shanghai'),
  session: z
    .strictObject({
      ttlMinutes: z.number().int().min(1).max(43_200).default(720),
      /** Set when the hub is served over HTTPS; browsers then send the cookie only over TLS. */
      secureCookie: z.boolean().default(false),
    })
    .prefault({}),
  /** The phone at the door: posts a minute per phone member and per address (docs/door.md). */
  phone: z
    .strictObject({
      perMemberPerMinute: z.number().int().min(1).max(10_000).default(10),
      /** Many workers may share a carrier's address: generous. */
      perAddressPerMinute: z.number().int().min(1).max(1_000_000).default(120),
    })
    .prefault({}),
  live: z
    .strictObject({
      /** A station not heard from (sync, heartbeat, bundle) for this long shows as offline. */
      offlineAfterSeconds: z.number().int().min(5).max(86_400).default(180),
      /** How often the hub sweeps for stations that went silent (one process of several at a time). */
      checkSeconds: z.number().min(0.1).max(600).default(10),
    })
    .prefault({}),
  /** `/metrics` answers a scraper that sends `Authorization: Bearer <token>`; without a token it answers no one. */
  metrics: z.strictObject({ token: z.string().min(24, 'at least 24 characters') }).optional(),
  /** The injury-visit service (工伤探视); off without it. See injuries/config.ts. */
  injuries: injuriesConfigSchema.optional(),
  /**
   * The office's map (dashboard and big screen). Without `tileUrl` the stations stand on a plain background with
   * district labels (offline, tests). Station locations must be in the tiles' coordinate system: GCJ-02 for AMap
   * (高德) and Tencent tiles, WGS-84 (CGCS2000) for Tianditu (天地图) and OpenStreetMap.
   */
  map: z
    .strictObject({
      /** A Leaflet tile template, e.g. https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z} */
      tileUrl: z
        .string()
        .regex(/^https:\/\/[^/\s]+\/\S*\{z\}\S*$/, 'an https:// tile URL with {x}, {y} and {z}')
        .optional(),
      attribution: z.string().max(200).default(''),
      /** What {s} takes in the URL, e.g. "1234". */
      subdomains: z.string().max(20).default(''),
      maxZoom: z.number().int().min(1).max(22).default(18),
    })
    .prefault({}),
  /** The hub's follow-up of alarms (alarms/alarm-watch.ts). */
  alarms: z
    .strictObject({
      /** A station not heard from for this long (or never, this long after it was registered) raises 驿站失联; 0: never. */
      silentAfterMinutes: z.number().min(0).max(10_080).default(30),
      /** An alarm nobody has acknowledged after this long is escalated once; 0: never. */
      escalateMinutes: z.number().min(0).max(10_080).default(30),
      /** How often the hub looks (one process of several at a time). */
      checkSeconds: z.number().min(0.1).max(600).default(15),
      /** Each new and each escalated alarm is posted here as JSON (a WeCom or DingTalk group robot, say). */
      webhook: z
        .strictObject({
          url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
          timeoutSeconds: z.number().min(1).max(60).default(10),
        })
        .optional(),
    })
    .prefault({}),
});

export type DatabaseConfig =
  | Readonly<{ engine: 'sqlite'; path: string }>
  | Readonly<{ engine: 'postgres'; url: string; poolSize: number; retentionMonths: number }>;

export type HubConfig = Readonly<{
  listen: Readonly<{ host: string; port: number }>;
  database: DatabaseConfig;
  timezone: string;
  session: Readonly<{ ttlMinutes: number; secureCookie: boolean }>;
  live: Readonly<{ offlineAfterSeconds: number; checkSeconds: number }>;
  metrics?: Readonly<{ token: string }>;
  phone: Readonly<{ perMemberPerMinute: number; perAddressPerMinute: number }>;
  injuries?: InjuriesConfig;
  map: MapSettings;
  alarms: AlarmSettings;
}>;

export type MapSettings = Readonly<{
  tileUrl?: string | undefined;
  attribution: string;
  subdomains: string;
  maxZoom: number;
}>;

export type AlarmSettings = Readonly<{
  silentAfterMinutes: number;
  escalateMinutes: number;
  checkSeconds: number;
  webhook?: Readonly<{ url: string; timeoutSeconds: number }> | undefined;
}>;

export { ConfigError as HubConfigError } from '@yizhan/shared/config-file';

/**
 * Validates an already-parsed config object. `baseDir` anchors a relative database path
 * (the config file's folder when loaded from a file).
 */
export function parseHubConfig(input: unknown, options: { baseDir?: string; source?: string } = {}): HubConfig {
  const config = validateConfig(hubConfigSchema, input, options.source ?? 'object');
  const database =
    config.database.engine === 'sqlite'
      ? { engine: 'sqlite' as const, path: resolve(options.baseDir ?? process.cwd(), config.database.path) }
      : config.database;
  return deepFreeze({ ...config, database });
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
