/**
 * `pnpm agent [serve] --config station.yaml`: runs one station agent until SIGINT/SIGTERM.
 * The only place that reads the environment, listens and handles signals. A signal closes the agent
 * gracefully (the broker told `offline`, the readings flushed) within CLOSE_DEADLINE_MS; a second signal, or
 * the deadline, ends the process at once (shared/src/http/process-lifecycle.ts, as the hub's).
 */
import { parseArgs } from 'node:util';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { ConfigError } from '@yizhan/shared/config-file';
import { applyServerTimeouts, closeOnSignals, processLogger } from '@yizhan/shared/http';
import { buildAgent } from './app.ts';
import { loadAgentConfig } from './config.ts';
import { AgentError } from './errors.ts';

/** Another agent already runs this station id on the broker (station-claim.ts). */
const EXIT_STATION_CONFLICT = 3;

const USAGE = `usage: pnpm agent [serve] --config <station.yaml>

  serve   run the station agent (default)

The config path may also come from YIZHAN_AGENT_CONFIG; \${NAME} in the file is read from the environment.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || command !== 'serve') {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const path = values.config ?? process.env.YIZHAN_AGENT_CONFIG;
  if (!path) throw new AgentError('YZ_ERR_CONFIG', `no station config given\n\n${USAGE}`);
  const config = loadAgentConfig(path, process.env);

  const agent = await buildAgent(config, {
    kioskDir: kioskDistDir,
    logger: processLogger(),
    // The agent has closed itself; exit with a distinct code so the service manager shows why.
    conflict: () => {
      process.exitCode = EXIT_STATION_CONFLICT;
      uninstallSignals();
    },
  });
  const log = agent.http.log;
  const uninstallSignals = closeOnSignals(log, () => agent.close());
  applyServerTimeouts(agent.http.server);
  await agent.http.listen({ host: config.http.host, port: config.http.port });
  log.info({ url: `http://${config.http.host}:${config.http.port}/` }, 'kiosk served');
  await agent.start();
  log.info({}, 'started');
}

main().catch((err: Error) => {
  console.error(err instanceof AgentError || err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
});
