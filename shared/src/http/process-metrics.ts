import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * The process's own Prometheus series (CPU, memory, heap, GC, event-loop lag): one set per process, however
 * many agents or hubs it runs (tests and the demo run several). Made on first use, not at import, so a process
 * that never serves `/metrics` never samples them.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
