import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { restartDelayMs } from '@ovation/media-domain';
import type { Logger } from 'pino';

export interface SupervisedProcessOptions {
  command: string;
  /** The arguments of run number `run` (0 first, then one more per restart). */
  args: (run: number) => string[];
  logger: Logger;
  /** A run that lasted this long resets the backoff: it was a hiccup, not a crash loop. */
  stableAfterMs?: number;
  /** After this many crashes in a row the process is given up on. */
  maxConsecutiveFailures?: number;
  onRestart?: (attempt: number, exit: { code: number | null; signal: string | null; lastLines: string[] }) => void;
  onGiveUp?: (lastLines: string[]) => void;
}

/**
 * Keeps one child process running: restarts it with exponential backoff when it dies, gives up
 * after too many crashes in a row, and stops it gracefully (`q` on stdin, as ffmpeg expects, then
 * SIGKILL after a grace time).
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private run = 0;
  private failures = 0;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly lastLines: string[] = [];

  constructor(private readonly options: SupervisedProcessOptions) {}

  start(): void {
    this.stopping = false;
    this.spawnRun();
  }

  get restarts(): number {
    return this.run;
  }

  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin?.end('q');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  }

  private spawnRun(): void {
    const startedAt = Date.now();
    const child = spawn(this.options.command, this.options.args(this.run), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    child.stdin?.on('error', () => undefined); // a dead child's stdin: the exit handler deals with it
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.lastLines.push(line);
      if (this.lastLines.length > 20) this.lastLines.shift();
      this.options.logger.debug({ line }, 'ffmpeg');
    });
    child.on('error', (error) => this.options.logger.error({ err: error }, 'could not run the child process'));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.failures = Date.now() - startedAt >= (this.options.stableAfterMs ?? 30_000) ? 1 : this.failures + 1;
      const lastLines = [...this.lastLines];
      if (this.failures > (this.options.maxConsecutiveFailures ?? 5)) {
        this.options.logger.error({ code, signal, lastLines }, 'child process keeps failing; giving up');
        this.options.onGiveUp?.(lastLines);
        return;
      }
      const delay = restartDelayMs(this.failures);
      this.options.logger.warn({ code, signal, attempt: this.failures, delayMs: delay, lastLines }, 'child process died; restarting');
      this.options.onRestart?.(this.failures, { code, signal, lastLines });
      this.run += 1;
      this.restartTimer = setTimeout(() => this.spawnRun(), delay);
    });
  }
}
