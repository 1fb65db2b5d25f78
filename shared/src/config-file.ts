/**
 * Reading a YAML config file, the same way for the agent and the hub (node-only:
 * `@yizhan/shared/config-file`). `${NAME}` is replaced from the given environment after parsing,
 * so a value can never inject YAML structure. Every problem is reported at once, with its path.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export interface ConfigIssue {
  path: string;
  message: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  readonly code = 'YZ_ERR_CONFIG';
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`invalid config (${source}):\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and parses the file and substitutes the environment; the result is still unvalidated. */
export function readConfigFile(path: string, env: Env): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `cannot read file: ${(error as Error).message}` }]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `not valid YAML: ${(error as Error).message}` }]);
  }
  // YAML reads an empty file (or one of only comments) as null: say so rather than "expected object".
  if (raw === null || raw === undefined) {
    throw new ConfigError(path, [{ path: '', message: 'the file is empty: it needs at least the station section' }]);
  }
  const missing: ConfigIssue[] = [];
  const substituted = substituteEnv(raw, env, [], missing);
  if (missing.length > 0) throw new ConfigError(path, missing);
  return substituted;
}

/**
 * Validates with the schema; a failure names every bad field. With `unknownKeysByPath`, each unknown key of a
 * strict object is an issue of its own at its own path (`station.timezon`), not one at the object's.
 */
export function validateConfig<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  source: string,
  { unknownKeysByPath = false } = {},
): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.flatMap((issue) => {
        const at = issue.path.map(String);
        if (unknownKeysByPath && issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown key (a typo?)' }));
        }
        return [{ path: at.join('.'), message: issue.message }];
      }),
    );
  }
  return result.data;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function substituteEnv(value: unknown, env: Env, path: string[], missing: ConfigIssue[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_, name: string) => {
      const found = env[name];
      if (found === undefined) {
        missing.push({ path: path.join('.'), message: `environment variable ${name} is not set` });
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, env, [...path, String(i)], missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, [...path, key], missing)]),
    );
  }
  return value;
}
