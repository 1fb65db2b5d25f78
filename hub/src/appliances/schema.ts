/** Remote appliance power (遥控断电): the office's commands and their log, the one definition of their shape. */
import { POWER_REFUSALS } from '@yizhan/shared';
import { z } from 'zod';

/** What became of a command: done by the station, refused with its reason, or never delivered. */
export const POWER_OUTCOMES = ['done', ...POWER_REFUSALS, 'station-offline', 'no-answer'] as const;
export type PowerOutcome = (typeof POWER_OUTCOMES)[number];

export const powerCommand = z.object({
  id: z.number().int(),
  stationId: z.string(),
  device: z.string(),
  on: z.boolean(),
  /** The operator who asked. */
  by: z.string(),
  at: z.string(),
  outcome: z.enum(POWER_OUTCOMES),
});
export type PowerCommand = z.infer<typeof powerCommand>;

export const powerRequest = z.strictObject({ on: z.boolean() });
export const powerParams = z.object({
  id: z.string().max(64),
  device: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'a device id of the station config'),
});
