/**
 * The store contract suites' PostgreSQL engine: a fresh schema per test on the server these machines run
 * (tests/support/postgres.ts); a server that cannot be reached fails the suites, it never skips them. The
 * suites are split over two files (postgres-*.test.ts) so that they run on two workers.
 */
import { afterAll } from 'vitest';
import { dropSchemas, freshSchema, type TestSchema } from '../../../tests/support/postgres.ts';
import { openPostgresHubStore } from '../../src/postgres/hub-store.ts';
import type { StoreEngine } from './engine.ts';

/** The engine of one test file; its schemas are dropped together once the file is done. */
export function postgresEngine(): StoreEngine {
  const schemas: TestSchema[] = [];
  afterAll(() => dropSchemas(schemas));
  return {
    name: 'postgres',
    async open() {
      const schema = await freshSchema('yz_contract');
      schemas.push(schema);
      return openPostgresHubStore({ url: schema.url, poolSize: 4 });
    },
  };
}
