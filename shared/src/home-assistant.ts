/**
 * Home Assistant MQTT discovery, device-based (one config per device on `<prefix>/device/<object id>/config`),
 * as far as the agent uses it. Keys are Home Assistant's own (`dev`, `o`, `cmps`, `p`); the schema is the
 * contract the agent publishes against, and what the tests read its messages back with.
 */
import { z } from 'zod';

const availabilityEntry = z.strictObject({
  topic: z.string().min(1),
  payload_available: z.string().optional(),
  payload_not_available: z.string().optional(),
  value_template: z.string().optional(),
});

/** One entity of a device: a sensor or a binary sensor reading the device's retained state. */
export const homeAssistantComponent = z.strictObject({
  p: z.enum(['sensor', 'binary_sensor']),
  unique_id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().nullable(),
  state_topic: z.string().min(1),
  value_template: z.string().min(1),
  device_class: z.string().optional(),
  unit_of_measurement: z.string().optional(),
  state_class: z.enum(['measurement', 'total', 'total_increasing']).optional(),
  entity_category: z.literal('diagnostic').optional(),
  options: z.array(z.string()).optional(),
  payload_on: z.string().optional(),
  payload_off: z.string().optional(),
  availability: z.array(availabilityEntry).optional(),
  availability_mode: z.enum(['all', 'any', 'latest']).optional(),
});
export type HomeAssistantComponent = z.infer<typeof homeAssistantComponent>;

export const homeAssistantDeviceConfig = z.strictObject({
  dev: z.strictObject({
    ids: z.array(z.string().min(1)).min(1),
    name: z.string().min(1),
    mf: z.string().optional(),
    mdl: z.string().optional(),
    sw: z.string().optional(),
    via_device: z.string().optional(),
    suggested_area: z.string().optional(),
  }),
  o: z.strictObject({ name: z.string().min(1), sw: z.string().optional(), url: z.string().optional() }),
  cmps: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), homeAssistantComponent),
  availability: z.array(availabilityEntry).optional(),
  availability_mode: z.enum(['all', 'any', 'latest']).optional(),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
});
export type HomeAssistantDeviceConfig = z.infer<typeof homeAssistantDeviceConfig>;
