/**
 * The station's YAML config, parsed once at start-up into a frozen, typed object.
 * A bad file stops the agent with the path of every bad field; a key the agent does not know is a bad field
 * too, at every level (a typo such as `devcies:` must not start a station without its devices).
 */
import { dirname, resolve } from 'node:path';
import { label, serviceId, stationId } from '@yizhan/shared';
import { deepFreeze, type Env, readConfigFile, validateConfig } from '@yizhan/shared/config-file';
import { z } from 'zod';

const deviceId = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'lower-case letters, digits, dashes');
const mqttTopic = z
  .string()
  .min(1)
  .max(200)
  .refine((t) => !t.includes('#') && !t.includes('+') && !t.includes('\0'), 'no wildcards in a device topic');

/** Value names a generic-json device may map; `in`/`out` are short for a people counter's peopleIn/peopleOut. */
const GENERIC_FIELDS = new Set([
  'powerW',
  'energyKWh',
  'voltageV',
  'currentA',
  'on',
  'temperatureC',
  'humidityPct',
  'pressureHPa',
  'occupied',
  'doorOpen',
  'batteryPct',
  'peopleIn',
  'peopleOut',
  'linkQuality',
  'in',
  'out',
]);

const tasmotaSource = z.strictObject({
  format: z.literal('tasmota'),
  topic: mqttTopic,
  /** A multi-relay device: which relay (1-based) this device is; its `POWER<N>` is read. */
  relay: z.number().int().min(1).max(32).optional(),
  /** Several attached sensors: the one (by Tasmota's name, e.g. `DS18B20-1`, `SHT3X`) whose readings count. */
  sensor: z.string().min(1).max(64).optional(),
});
const zigbee2mqttSource = z.strictObject({ format: z.literal('zigbee2mqtt'), topic: mqttTopic });
const shellyGen2Source = z.strictObject({
  format: z.literal('shelly-gen2'),
  topic: mqttTopic,
  switchId: z.number().int().min(0).default(0),
});
const genericJsonSource = z.strictObject({
  format: z.literal('generic-json'),
  topic: mqttTopic,
  /** Value name → JSON pointer into the payload, e.g. `{ peopleIn: /in }`. */
  fields: z
    .record(z.string(), z.string().regex(/^(\/[^/]*)*$/, 'a JSON pointer such as /in'))
    .refine((f) => Object.keys(f).every((k) => GENERIC_FIELDS.has(k)), {
      message: 'field names are value names (peopleIn, temperatureC, …) or in/out',
    }),
  availabilityTopic: mqttTopic.optional(),
  /** The availability topic's words; Zigbee2MQTT's and Shelly's are also understood. */
  online: z.string().default('online'),
  offline: z.string().default('offline'),
});
export const deviceSource = z.discriminatedUnion('format', [
  tasmotaSource,
  zigbee2mqttSource,
  shellyGen2Source,
  genericJsonSource,
]);
export type DeviceSource = z.infer<typeof deviceSource>;

const inUse = z
  .strictObject({
    aboveWatts: z.number().positive(),
    belowWatts: z.number().nonnegative(),
    forSeconds: z.number().nonnegative().default(10),
  })
  .refine((h) => h.belowWatts < h.aboveWatts, 'belowWatts must be below aboveWatts');

const device = z.strictObject({
  id: deviceId,
  kind: z.enum(['appliance', 'fridge', 'presence', 'door', 'people-counter', 'sensor']),
  label: label.optional(),
  source: deviceSource,
  inUse: inUse.optional(),
  alarm: z
    .strictObject({
      aboveCelsius: z.number(),
      forMinutes: z.number().positive(),
      /** The alarm clears at or below this (default aboveCelsius - 1), so it does not flap around one value. */
      clearBelowCelsius: z.number().optional(),
    })
    .optional(),
  /** Silence longer than this marks the device offline; default by format (docs/devices.md). */
  expireSeconds: z.number().positive().optional(),
  /** Messages beyond this rate are dropped and counted, so one flooding device cannot starve the rest. */
  maxMessagesPerSecond: z.number().positive().default(20),
  /** The kiosk service this device provides, e.g. `water` for the dispenser's plug. */
  service: serviceId.optional(),
  /** Presence sensors: a `zone` (PIR over an area) or one `seat`. */
  occupancyRole: z.enum(['zone', 'seat']).default('zone'),
  /** An appliance on a switchable plug (Tasmota, Shelly): switched off outside `station.openingHours`, on again at opening. */
  autoOff: z.boolean().default(false),
});
export type DeviceConfig = z.infer<typeof device>;

const lock = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal('tasmota'),
    topic: mqttTopic,
    openSeconds: z.number().positive().max(60).default(5),
  }),
  z.strictObject({
    format: z.literal('shelly-gen2'),
    topic: mqttTopic,
    switchId: z.number().int().min(0).default(0),
    openSeconds: z.number().positive().max(60).default(5),
  }),
  z.strictObject({
    format: z.literal('generic-json'),
    topic: mqttTopic,
    /** Published as JSON; `openSeconds` is added to it. */
    payload: z.record(z.string(), z.unknown()).default({ action: 'unlock' }),
    openSeconds: z.number().positive().max(60).default(5),
  }),
]);
export type LockConfig = z.infer<typeof lock>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 22:30');

/** How the kiosk behaves on the wall; times are in the station's zone. */
const kioskSettings = z.strictObject({
  /** The union's sign-up page, shown as a QR code. */
  joinUnionUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Untouched this long on any screen but home, the kiosk warns, then goes home. */
  idleSeconds: z.number().int().min(10).max(3600).default(90),
  /** A dimmer screen between `from` and `to` (may cross midnight). */
  nightMode: z.strictObject({ from: clockTime, to: clockTime }).optional(),
  /** The kiosk page sends a heartbeat every 5 s; silent this long, it is "not responding" (a hung or crashed page). */
  heartbeatTimeoutSeconds: z.number().int().min(3).max(600).default(20),
  /**
   * Chromium's DevTools port on 127.0.0.1 (deploy/kiosk/yizhan-kiosk.sh opens it there only): the office's
   * picture of the screen is taken through it. Omitted: no picture can be taken.
   */
  devtoolsPort: z.number().int().min(1).max(65535).optional(),
});

const OCCUPANCY_DEFAULTS = { quietMinutes: 60, zoneTimeoutSeconds: 600, sampleMinutes: 15 };
const occupancySettings = z.strictObject({
  /** The estimate never goes above this (default twice the capacity): a counter gone mad is not a crowd. */
  maxInside: z.number().int().positive().optional(),
  /** With every presence sensor clear and no one counted in or out for this long, the room is empty. */
  quietMinutes: z.number().positive().default(OCCUPANCY_DEFAULTS.quietMinutes),
  /** A zone reported occupied longer ago than this, with no report since, counts as clear. */
  zoneTimeoutSeconds: z.number().positive().default(OCCUPANCY_DEFAULTS.zoneTimeoutSeconds),
  /** How often an `occupancy.sample` goes to the hub. */
  sampleMinutes: z.number().positive().default(OCCUPANCY_DEFAULTS.sampleMinutes),
});

const ALARM_DEFAULTS = {
  clearAfterSeconds: 60,
  waterNoPowerMinutes: 5,
  overCapacityMinutes: 5,
  offlineMinutes: 10,
  batteryLowPct: 15,
};
const alarmSettings = z.strictObject({
  /** A raised alarm clears only after its clear condition has held this long. */
  clearAfterSeconds: z.number().nonnegative().default(ALARM_DEFAULTS.clearAfterSeconds),
  waterNoPowerMinutes: z.number().positive().default(ALARM_DEFAULTS.waterNoPowerMinutes),
  overCapacityMinutes: z.number().positive().default(ALARM_DEFAULTS.overCapacityMinutes),
  offlineMinutes: z.number().positive().default(ALARM_DEFAULTS.offlineMinutes),
  batteryLowPct: z.number().min(1).max(90).default(ALARM_DEFAULTS.batteryLowPct),
});

const RETENTION_DEFAULTS = { rawHours: 48, minuteRollupDays: 7, rollupDays: 400, maxRawRows: 2_000_000, visitDays: 90 };
const retentionSettings = z.strictObject({
  /** Raw readings are kept this long… */
  rawHours: z.number().positive().default(RETENTION_DEFAULTS.rawHours),
  /** …and never more than this many rows, which bounds the database whatever the devices send. */
  maxRawRows: z.number().int().positive().default(RETENTION_DEFAULTS.maxRawRows),
  /** Minute rollups (count, sum, min, max, last per value) are kept this long, then folded into hourly ones… */
  minuteRollupDays: z.number().positive().default(RETENTION_DEFAULTS.minuteRollupDays),
  /** …which are kept this long. */
  rollupDays: z.number().positive().default(RETENTION_DEFAULTS.rollupDays),
  /** Visits (with their pseudonyms), unlocks and refused scans are forgotten this long after, once the hub has them. */
  visitDays: z.number().positive().default(RETENTION_DEFAULTS.visitDays),
});

export const agentConfigSchema = z
  .strictObject({
    station: z.strictObject({
      id: stationId,
      name: z.string().min(1),
      district: z.string().min(1),
      capacity: z.number().int().positive().max(1000),
      location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
      timezone: z.string().default('Asia/Shanghai'),
      /** `24h`, or the daily open period in the station's zone (may cross midnight). */
      openingHours: z.union([z.literal('24h'), z.strictObject({ from: clockTime, to: clockTime })]).default('24h'),
    }),
    hub: z
      .strictObject({
        url: z.url(),
        token: z.string().min(8),
        /**
         * Where workers' phones reach the hub, for the door QR (its public HTTPS name); default `url`, which
         * suits a station that reaches the hub by the same public name.
         */
        phoneUrl: z.url({ protocol: /^https?$/ }).optional(),
        syncIntervalSeconds: z.number().positive().default(5),
        /** How often the bundle (schedules, notices, keys, revocations) is checked; it also tells the hub we are up. */
        bundleIntervalSeconds: z.number().positive().default(60),
        batchSize: z.number().int().positive().max(1000).default(500),
      })
      .optional(),
    mqtt: z
      .strictObject({
        /** Omitted: the agent starts its embedded broker on 127.0.0.1:embeddedPort. */
        url: z
          .string()
          .regex(/^mqtts?:\/\//, 'an mqtt:// or mqtts:// URL')
          .optional(),
        embeddedPort: z.number().int().min(1).max(65535).default(1884),
        username: z.string().optional(),
        password: z.string().optional(),
      })
      .default({ embeddedPort: 1884 }),
    http: z
      .strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(8701) })
      .default({ host: '127.0.0.1', port: 8701 }),
    /** Where the station's SQLite file lives; relative paths are relative to the config file. */
    dataDir: z.string().default('./data'),
    door: z
      .strictObject({
        scanTopic: mqttTopic.optional(),
        lock,
        contact: deviceSource.optional(),
        /**
         * Wait this long for the lock to report it switched (Tasmota stat/POWER or RESULT, Shelly's RPC answer,
         * or a generic lock's `topic`); silence is reported as `no-answer`. Omitted: the lock is not read back.
         */
        lockAnswer: z
          .strictObject({ timeoutSeconds: z.number().positive().max(30).default(2), topic: mqttTopic.optional() })
          .optional(),
        /** The `door`-kind device whose `doorOpen` tells whether the door really opened; default the first one. */
        contactDevice: deviceId.optional(),
        /** The door open longer than this raises the `door-held-open` alarm. */
        heldOpenSeconds: z.number().int().positive().max(3600).default(60),
      })
      .optional(),
    /** When visits end (docs/door.md). */
    visits: z
      .strictObject({
        /** A member's second scan sooner than this after entering is a repeat entry, later an exit. */
        exitAfterSeconds: z.number().int().min(0).max(3600).default(60),
        maxStayMinutes: z
          .number()
          .int()
          .positive()
          .max(24 * 60)
          .default(240),
        /**
         * "I'm here" taps the kiosk counts per minute, half of them at once: a group arriving together checks
         * in, a child playing with the screen does not fill the office's figures.
         */
        walkInsPerMinute: z.number().positive().max(6000).default(12),
      })
      .default({ exitAfterSeconds: 60, maxStayMinutes: 240, walkInsPerMinute: 12 }),
    devices: z.array(device).default([]),
    services: z.array(serviceId).default([]),
    kiosk: kioskSettings.default({ idleSeconds: 90, heartbeatTimeoutSeconds: 20 }),
    occupancy: occupancySettings.default(OCCUPANCY_DEFAULTS),
    alarms: alarmSettings.default(ALARM_DEFAULTS),
    retention: retentionSettings.default(RETENTION_DEFAULTS),
    /** Home Assistant MQTT discovery of the station's devices (home-assistant/discovery.ts); off unless asked. */
    homeAssistant: z
      .strictObject({
        discovery: z.boolean().default(false),
        /** Home Assistant's discovery prefix (its MQTT integration's setting). */
        prefix: mqttTopic.default('homeassistant'),
      })
      .default({ discovery: false, prefix: 'homeassistant' }),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.devices.forEach((d, i) => {
      if (seen.has(d.id))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `duplicate device id "${d.id}"` });
      seen.add(d.id);
      if (d.kind === 'appliance' && !d.inUse) {
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'inUse'], message: 'an appliance needs inUse thresholds' });
      }
      if (d.autoOff && (d.kind !== 'appliance' || !SWITCHABLE_FORMATS.has(d.source.format))) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'autoOff'],
          message: 'only an appliance on a Tasmota or Shelly plug can be switched off',
        });
      } else if (d.autoOff && c.station.openingHours === '24h') {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'autoOff'],
          message: 'the station is open 24 hours: set station.openingHours for autoOff',
        });
      }
    });
  });

export type AgentConfig = Readonly<z.infer<typeof agentConfigSchema>>;

/** Plugs the agent can switch (remote power, autoOff): their firmware takes a command on MQTT. */
export const SWITCHABLE_FORMATS: ReadonlySet<string> = new Set(['tasmota', 'shelly-gen2']);

export function parseAgentConfig(raw: unknown, baseDir = process.cwd(), source = 'object'): AgentConfig {
  const config = validateConfig(agentConfigSchema, raw, source, { unknownKeysByPath: true });
  return deepFreeze({ ...config, dataDir: resolve(baseDir, config.dataDir) });
}

/** Reads the station's YAML file; `${NAME}` is taken from `env`. */
export function loadAgentConfig(path: string, env: Env): AgentConfig {
  return parseAgentConfig(readConfigFile(path, env), dirname(resolve(path)), path);
}
