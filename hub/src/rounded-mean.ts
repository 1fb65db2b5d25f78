/** A mean over `count` items rounded to two decimals, as every summary shows it; null over none. */
export const roundedMean = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.round((sum / count) * 100) / 100;
