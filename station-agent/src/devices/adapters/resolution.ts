/**
 * Sums and unit changes in the device's own resolution: a plug that reports 0.017 and 0.002 kWh reports its
 * total as 0.019, never 0.019000000000000003 (the binary float sum), and 6.532 Wh is 0.006532 kWh.
 */

/** Decimal places of a number as JSON spells it (`1e-7` counts 7). */
export function decimalsOf(n: number): number {
  const text = String(n);
  const exponent = text.indexOf('e-');
  if (exponent >= 0) return Number(text.slice(exponent + 2)) + decimalsOf(Number(text.slice(0, exponent)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** `value` rounded to the finest resolution among `inputs`, plus `extra` places (a unit change by 10^extra). */
export function inResolution(value: number, inputs: readonly number[], extra = 0): number {
  let places = 0;
  for (const n of inputs) places = Math.max(places, decimalsOf(n));
  return Number(value.toFixed(Math.min(20, places + extra)));
}

/** The sum of several channels' or phases' readings, in their resolution. */
export function sumInResolution(values: readonly number[]): number {
  return inResolution(
    values.reduce((a, b) => a + b, 0),
    values,
  );
}
