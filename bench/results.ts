/** Writes a benchmark's result as `bench/results/<name>.json` (DESIGN.md, "Running it"). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function writeResult(name: string, metrics: Record<string, number>, notes: string): void {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const result = { name, at: new Date().toISOString(), metrics, notes };
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
}

/** The p-th percentile (0–100) of a list of samples, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
