/**
 * `pnpm agent [serve] --config station.yaml`: runs one station agent until SIGINT/SIGTERM.
 * The only place that reads the environment, listens and handles signals. A signal closes the agent
 * gracefully (the broker told `offline`, the readings flushed) within CLOSE_DEADLINE_MS; a second signal, or
 * the deadline, ends the process at once.
 */
import { parseArgs } from 'node:util';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { ConfigError } from '@yizhan/shared/config-file';
import closeWithGrace from 'close-with-grace';
import { buildAgent } from './app.ts';
import { loadAgentConfig } from './config.ts';
import { AgentError } from './errors.ts';

/** Another agent already runs this station id on the broker (station-claim.ts). */
const EXIT_STATION_CONFLICT = 3;
/** Closing takes well under a second; a close still going after this is stuck, and the process ends. */
const CLOSE_DEADLINE_MS = 10_000;
/** A client that sends its request slower than this is cut off (a kiosk's requests are a few hundred bytes). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Longer than Chromium's own idle keep-alive, so the kiosk's next request finds its connection still open. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

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
    // JSON lines for the service manager's journal; readable lines for a person at a terminal.
    logger: process.stdout.isTTY ? { level: 'info', transport: { target: 'pino-pretty' } } : { level: 'info' },
    // The agent has closed itself; exit with a distinct code so the service manager shows why.
    conflict: () => {
      process.exitCode = EXIT_STATION_CONFLICT;
      shutdown.uninstall();
    },
  });
  const log = agent.http.log;
  const shutdown = closeWithGrace(
    {
      delay: CLOSE_DEADLINE_MS,
      logger: { error: (message: unknown) => log.error({ close: message }, 'closing') },
      onTimeout: (delay) => log.error({ delay }, 'the agent did not close in time; exiting'),
      onSecondSignal: (signal) => log.error({ signal }, 'second signal while closing; exiting at once'),
    },
    async ({ signal, err }) => {
      if (err) log.error({ err }, 'closing after an error');
      else log.info({ signal }, 'closing');
      await agent.close();
    },
  );

  const { server } = agent.http;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await agent.http.listen({ host: config.http.host, port: config.http.port });
  log.info({ url: `http://${config.http.host}:${config.http.port}/` }, 'kiosk served');
  await agent.start();
  log.info({}, 'started');
}

main().catch((err: Error) => {
  console.error(err instanceof AgentError || err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
});
