/** The device payloads in tests/fixtures/devices, as published by real firmware. */
import { readFileSync } from 'node:fs';

export interface FixtureFile {
  format: string;
  source: string;
  messages: { topic: string; payload: string }[];
  /** Real messages the agent must refuse, each with the reason it gives. */
  refused?: { topic: string; payload: string; reason: string }[];
}

export function deviceFixture(name: string): FixtureFile {
  return JSON.parse(readFileSync(new URL(`../../tests/fixtures/devices/${name}.json`, import.meta.url), 'utf8'));
}
