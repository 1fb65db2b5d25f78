/** Plausible ranges per value: a reading outside them is a broken sensor or a forged payload, not data. */
import { z } from 'zod';

export const watts = z.number().min(-100_000).max(100_000);
export const kilowattHours = z.number().min(0).max(1e9);
export const volts = z.number().min(0).max(1_000);
export const amps = z.number().min(0).max(1_000);
export const celsius = z.number().min(-60).max(150);
export const percent = z.number().min(0).max(100);
export const count = z.number().int().min(0).max(1e9);
export const linkQuality = z.number().min(0).max(255);
