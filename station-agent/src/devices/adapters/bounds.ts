/**
 * Plausible ranges per value: a reading outside them is a broken sensor or a forged payload, not data, and the
 * whole message is refused (counted, it changes nothing). A station's appliances draw power, none feeds it back:
 * a negative power is a fault of the meter, not a free kettle.
 */
import { z } from 'zod';

export const watts = z.number().min(0).max(100_000);
export const kilowattHours = z.number().min(0).max(1e9);
export const volts = z.number().min(0).max(1_000);
export const amps = z.number().min(0).max(1_000);
export const celsius = z.number().min(-60).max(150);
export const percent = z.number().min(0).max(100);
/** Air pressure anywhere a station stands, from a mountain pass to below sea level. */
export const hectopascals = z.number().min(300).max(1_100);
export const count = z.number().int().min(0).max(1e9);
export const linkQuality = z.number().min(0).max(255);

/** A value a device may leave out or send as `null`: both mean "not reported", and the rest is read. */
export const reported = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
