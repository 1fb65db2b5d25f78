/**
 * Each long scenario appends what it went through to test-results/fault-figures.jsonl, the source of
 * the figures in docs/RELIABILITY.md.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import type { ScenarioFigures } from '../support/fault-scenarios.ts';
import type { StationRun } from '../support/station-run.ts';

export function recordFigures(scenario: string, figures: ScenarioFigures, run: StationRun): void {
  mkdirSync('test-results', { recursive: true });
  const line = {
    scenario,
    at: new Date().toISOString(),
    ...figures,
    unlocks: run.unlockedVisitIds().length,
    visitsAtHub: run.hubVisitIds().length,
    breaks: run.breaks().length,
  };
  appendFileSync('test-results/fault-figures.jsonl', `${JSON.stringify(line)}\n`);
}
