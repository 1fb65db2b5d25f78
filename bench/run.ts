/**
 * `pnpm bench [name…]`: runs each benchmark program `bench/<name>.bench.ts` in its own process (so one
 * cannot warm or starve the next) and prints the figures each wrote to `bench/results/<name>.json`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ') || 'none'}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.bench.ts`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    continue;
  }
  const result = JSON.parse(readFileSync(`${dir}results/${name}.json`, 'utf8'));
  console.log(JSON.stringify(result.metrics, null, 2));
}
process.exitCode = failed > 0 ? 1 : 0;
