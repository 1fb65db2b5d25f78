/**
 * The station's YAML config, parsed once at start-up into a frozen, typed object.
 * A bad file stops the agent with the path of every bad field.
 */
import { dirname, resolve } from 'node:path';
import { label, stationId } from '@yizhan/shared';
import { deepFreeze, type Env, readConfigFile, validateConfig } from '@yizhan/shared/config-file';
import { z } from 'zod';

const deviceId = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'lower-case letters, digits, dashes');
const mqttTopic = z
  .string()
  .min(1)
  .max(200)
  .refine((t) => !t.includes('#') && !t.includes('+') && !t.includes('\0'), 'no wildcards in a device topic');

const tasmotaSource = z.object({ format: z.literal('tasmota'), topic: mqttTopic });
const zigbee2mqttSource = z.object({ format: z.literal('zigbee2mqtt'), topic: mqttTopic });
const shellyGen2Source = z.object({
  format: z.literal('shelly-gen2'),
  topic: mqttTopic,
  switchId: z.number().int().min(0).default(0),
});
const genericJsonSource = z.object({
  format: z.literal('generic-json'),
  topic: mqttTopic,
  /** Value name → JSON pointer into the payload, e.g. `{ peopleIn: /in }`. */
  fields: z.record(z.string(), z.string().regex(/^(\/[^/]*)*$/, 'a JSON pointer such as /in')),
  availabilityTopic: mqttTopic.optional(),
});
export const deviceSource = z.discriminatedUnion('format', [
  tasmotaSource,
  zigbee2mqttSource,
  shellyGen2Source,
  genericJsonSource,
]);
export type DeviceSource = z.infer<typeof deviceSource>;

const inUse = z
  .object({
    aboveWatts: z.number().positive(),
    belowWatts: z.number().nonnegative(),
    forSeconds: z.number().nonnegative().default(10),
  })
  .refine((h) => h.belowWatts < h.aboveWatts, 'belowWatts must be below aboveWatts');

const device = z.object({
  id: deviceId,
  kind: z.enum(['appliance', 'fridge', 'presence', 'door', 'people-counter', 'sensor']),
  label: label.optional(),
  source: deviceSource,
  inUse: inUse.optional(),
  alarm: z.object({ aboveCelsius: z.number(), forMinutes: z.number().positive() }).optional(),
});
export type DeviceConfig = z.infer<typeof device>;

const lock = z.discriminatedUnion('format', [
  z.object({ format: z.literal('tasmota'), topic: mqttTopic, openSeconds: z.number().positive().max(60).default(5) }),
  z.object({
    format: z.literal('shelly-gen2'),
    topic: mqttTopic,
    switchId: z.number().int().min(0).default(0),
    openSeconds: z.number().positive().max(60).default(5),
  }),
  z.object({
    format: z.literal('generic-json'),
    topic: mqttTopic,
    /** Published as JSON; `openSeconds` is added to it. */
    payload: z.record(z.string(), z.unknown()).default({ action: 'unlock' }),
    openSeconds: z.number().positive().max(60).default(5),
  }),
]);
export type LockConfig = z.infer<typeof lock>;

export const agentConfigSchema = z
  .object({
    station: z.object({
      id: stationId,
      name: z.string().min(1),
      district: z.string().min(1),
      capacity: z.number().int().positive().max(1000),
      location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
      timezone: z.string().default('Asia/Shanghai'),
    }),
    hub: z
      .object({
        url: z.url(),
        token: z.string().min(8),
        syncIntervalSeconds: z.number().positive().default(5),
        batchSize: z.number().int().positive().max(1000).default(500),
      })
      .optional(),
    mqtt: z
      .object({
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
      .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(8701) })
      .default({ host: '127.0.0.1', port: 8701 }),
    /** Where the station's SQLite file lives; relative paths are relative to the config file. */
    dataDir: z.string().default('./data'),
    door: z
      .object({
        scanTopic: mqttTopic.optional(),
        lock,
        contact: deviceSource.optional(),
      })
      .optional(),
    devices: z.array(device).default([]),
    services: z.array(z.string()).default([]),
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
    });
  });

export type AgentConfig = Readonly<z.infer<typeof agentConfigSchema>>;

export function parseAgentConfig(raw: unknown, baseDir = process.cwd(), source = 'object'): AgentConfig {
  const config = validateConfig(agentConfigSchema, raw, source);
  return deepFreeze({ ...config, dataDir: resolve(baseDir, config.dataDir) });
}

/** Reads the station's YAML file; `${NAME}` is taken from `env`. */
export function loadAgentConfig(path: string, env: Env): AgentConfig {
  return parseAgentConfig(readConfigFile(path, env), dirname(resolve(path)), path);
}
