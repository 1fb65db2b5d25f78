/**
 * The hub's command line: the only place that reads process.env, listens and handles signals. A signal closes
 * the hub gracefully (open requests answered, sockets and the database closed) within CLOSE_DEADLINE_MS; a
 * second signal, or the deadline, ends the process at once (shared/src/http/process-lifecycle.ts).
 */
import { existsSync } from 'node:fs';
import { applyServerTimeouts, closeOnSignals, processLogger } from '@yizhan/shared/http';
import { buildHub } from './app.ts';
import { CliUsageError, parseHubCli, runAdminCommand, USAGE } from './cli.ts';
import { HubConfigError, loadHubConfig } from './config.ts';
import { dashboardDistDir } from './dashboard-dist.ts';
import { HubError } from './errors.ts';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cli = parseHubCli(argv, process.env, process.cwd());
  const config = loadHubConfig(cli.configPath, process.env);

  if (cli.command !== 'serve') {
    process.stdout.write(`${await runAdminCommand(cli.command, cli.options, config)}\n`);
    return 0;
  }

  // The dashboard is served when it has been built (`pnpm --filter @yizhan/hub build:dashboard`).
  const dashboardDir = existsSync(dashboardDistDir) ? dashboardDistDir : undefined;
  const app = await buildHub(config, { logger: processLogger(), ...(dashboardDir ? { dashboardDir } : {}) });
  if (!dashboardDir) app.log.warn({ dashboardDistDir }, 'the dashboard is not built: serving the API only');
  closeOnSignals(app.log, () => app.close());
  applyServerTimeouts(app.server);
  await app.listen({ host: config.listen.host, port: config.listen.port });
  return -1; // keep running until a signal
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (error instanceof HubError) {
      const issues = (error.issues ?? []).map((i) => `\n  - ${i.path || '(input)'}: ${i.message}`).join('');
      process.stderr.write(`${error.code}: ${error.message}${issues}\n`);
      process.exitCode = 1;
    } else if (error instanceof HubConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
