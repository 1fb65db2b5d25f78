/** The occupancy estimate's memory across restarts (derived/occupancy.ts); one row, replaced as it changes. */
import { z } from 'zod';
import type { Db } from '../db/open.ts';
import type { OccupancyMemory } from '../derived/occupancy.ts';

const memory = z.object({
  counted: z.number().int().min(0),
  baselines: z.record(z.string(), z.object({ in: z.number().min(0), out: z.number().min(0) })),
  savedAt: z.number(),
});

export class OccupancyStore {
  private readonly read;
  private readonly write;

  /** `failed` hears of a write that did not happen (a full disk): the estimate goes on in memory. */
  constructor(
    db: Db,
    private readonly failed: (error: Error) => void,
  ) {
    this.read = db.prepare<[], { json: string }>('SELECT json FROM occupancy_memory WHERE id = 1');
    this.write = db.prepare(
      `INSERT INTO occupancy_memory (id, json, saved_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at`,
    );
  }

  /** The last memory kept; undefined when there is none or it does not read as one (a file edited by hand). */
  load(): OccupancyMemory | undefined {
    const row = this.read.get();
    if (!row) return undefined;
    try {
      return memory.safeParse(JSON.parse(row.json)).data;
    } catch {
      return undefined;
    }
  }

  save(value: OccupancyMemory): void {
    try {
      this.write.run(JSON.stringify(value), new Date(value.savedAt).toISOString());
    } catch (error) {
      this.failed(error as Error);
    }
  }
}
