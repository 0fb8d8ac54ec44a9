import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN, cliEnvironment } from './cli-process.ts';

/** How a started CLI process ended: its exit code, or the signal that ended it. */
interface CliEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<CliChild>();

/**
 * `node bin/sobot-reports.mjs …` started in the background, so a test can wait for a moment of the
 * run (a line on stderr, a file in `--out`) and signal the process right then.
 */
export class CliChild {
  readonly pid: number;
  /** Settles once the process has ended and its output is read to the end. */
  readonly ended: Promise<CliEnd>;
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  readonly #lineListeners = new Set<(line: string) => void>();

  private constructor(child: ChildProcess) {
    if (child.pid === undefined) throw new Error('the CLI process did not start');
    this.#child = child;
    this.pid = child.pid;
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const stderr = createInterface({ input: child.stderr as NodeJS.ReadableStream, crlfDelay: Infinity });
    stderr.on('line', (line) => {
      this.#lines.push(line);
      for (const listener of this.#lineListeners) listener(line);
    });
    const streamsClosed = new Promise<void>((resolve) => stderr.once('close', resolve));
    this.ended = new Promise<CliEnd>((resolve) => {
      child.once('close', (code, signal) => {
        void streamsClosed.then(() => {
          running.delete(this);
          resolve({ code, signal, stdout, stderr: this.#lines.map((line) => `${line}\n`).join('') });
        });
      });
    });
  }

  /** Starts the CLI with the same environment as `runCliProcess` (the simulator's defaults apply). */
  static start(args: readonly string[], options: { readonly cwd: string }): CliChild {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: cliEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new CliChild(child);
    running.add(started);
    return started;
  }

  /** Ends every process a test left running (a failed assertion must not leave one stopped). */
  static async endAll(): Promise<void> {
    const left = [...running];
    for (const cli of left) {
      cli.#child.kill('SIGCONT');
      cli.#child.kill('SIGKILL');
    }
    await Promise.all(left.map((cli) => cli.ended));
  }

  /** The first stderr line (printed so far or later) that matches; rejects if the process ends first. */
  stderrLine(pattern: RegExp): Promise<string> {
    const found = this.#lines.find((line) => pattern.test(line));
    if (found !== undefined) return Promise.resolve(found);
    return this.#waitFor(`a stderr line matching ${pattern}`, (settle) => {
      const listener = (line: string) => {
        if (pattern.test(line)) settle(line);
      };
      this.#lineListeners.add(listener);
      return () => this.#lineListeners.delete(listener);
    });
  }

  /**
   * Resolves once `holds()` answers true, checking again every few milliseconds: the folders of the
   * files waited for (the archive's run folder, the outbox) do not exist yet when the run starts, so
   * there is nothing to watch until then. Rejects if the process ends first.
   */
  until(what: string, holds: () => boolean): Promise<void> {
    if (holds()) return Promise.resolve();
    return this.#waitFor(what, (settle) => {
      const timer = setInterval(() => {
        if (holds()) settle(undefined);
      }, 2);
      return () => clearInterval(timer);
    });
  }

  signal(name: NodeJS.Signals): void {
    if (!this.#child.kill(name)) throw new Error(`could not send ${name} to the CLI (pid ${this.pid})`);
  }

  /**
   * Ends on an event only: the moment waited for, or the process ending first. No timer races a slow
   * machine; a process that hangs without reaching the moment is the test timeout's to report.
   */
  #waitFor<T>(what: string, watch: (settle: (value: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let unwatch = () => {};
      const done = (outcome: () => void) => {
        unwatch();
        outcome();
      };
      unwatch = watch((value) => done(() => resolve(value)));
      void this.ended.then((end) =>
        done(() =>
          reject(new Error(`the CLI ended (${end.code ?? end.signal}) before ${what}:\n${end.stderr}`)),
        ),
      );
    });
  }
}
