/**
 * Real processes for fault tests: a station agent or a hub started as `pnpm agent`/`pnpm hub` would
 * (tsx on the real main), and Mosquitto with a config of the test's. Each can be killed with SIGKILL,
 * paused with SIGSTOP, resumed and restarted, and its wall clock can be jumped (libfaketime).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

export interface ProcessOptions {
  /** Shifts the process's wall clock by the offset written here (`+1h`, `-30m`; `+0` for none). */
  clockFile?: string;
  env?: Record<string, string>;
}

export class RealProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  /** How many times the process has been started. */
  starts = 0;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly options: ProcessOptions = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get exitCode(): number | null | undefined {
    return this.child?.exitCode;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const env: Record<string, string | undefined> = { ...process.env, ...this.options.env };
    if (this.options.clockFile) {
      if (!existsSync(LIBFAKETIME)) throw new Error('clock jumps need libfaketime (apt-get install faketime)');
      if (!existsSync(this.options.clockFile)) writeFileSync(this.options.clockFile, '+0');
      Object.assign(env, {
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: this.options.clockFile,
        FAKETIME_NO_CACHE: '1',
        // Only the wall clock jumps, as with a bad NTP step; timers keep their pace.
        DONT_FAKE_MONOTONIC: '1',
      });
    }
    const child = spawn(this.command, this.args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      this.output.push(d.toString());
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    this.starts++;
  }

  /** Sets the clock offset, effective at once in the running process. */
  jumpClock(offset: string): void {
    if (!this.options.clockFile) throw new Error(`${this.name} was started without a clock file`);
    writeFileSync(this.options.clockFile, offset);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    this.start();
  }

  /** Stops it for good: SIGCONT first (a stopped process ignores SIGTERM), then SIGTERM, then SIGKILL. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGCONT');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  log(): string {
    return this.output.join('');
  }
}

export const agentProcess = (configPath: string, options?: ProcessOptions) =>
  new RealProcess(
    'agent',
    process.execPath,
    ['--import', 'tsx', 'station-agent/src/main.ts', '--config', configPath],
    options,
  );

export const hubProcess = (configPath: string, options?: ProcessOptions) =>
  new RealProcess(
    'hub',
    process.execPath,
    ['--import', 'tsx', 'hub/src/main.ts', 'serve', '--config', configPath],
    options,
  );

/** A Mosquitto of the test's own on a free port (the machine's on 1883 is left alone). */
export async function mosquittoProcess(
  dir: string,
  extraConfig = '',
): Promise<{ process: RealProcess; port: number; url: string }> {
  const port = await freePort();
  const conf = `${dir}/mosquitto-${port}.conf`;
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\nuser root\n${extraConfig}\n`);
  const proc = new RealProcess('mosquitto', 'mosquitto', ['-c', conf]);
  proc.start();
  await waitForPort(port);
  return { process: proc, port, url: `mqtt://127.0.0.1:${port}` };
}
