import type { RunLogger } from '../core/report/run-types.ts';
import type { ClientEvents } from '../core/sobot/api.ts';
import { ProgressBoard } from './progress-board.ts';
import { describeAccountWidePacing, describeThrottle, logLine, seconds } from './progress-text.ts';

/** The process's streams and environment, injected so commands can be exercised in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C or SIGTERM: a run stops between steps and gives its lease up. */
  readonly signal?: AbortSignal;
}

/**
 * Where a run tells a person how it is going: always stderr, so stdout carries only the result. On a
 * terminal it is a live board; otherwise (a pipe, CI, `--json`) plain lines.
 */
export interface Progress {
  readonly logger: RunLogger;
  readonly events: ClientEvents;
  /** A run starts: the board (or the lines) are headed with `title`. */
  begin(title: string): void;
  end(): void;
}

export function progressFor(io: CliIo, options: { readonly json: boolean }): Progress {
  const interactive = !options.json && io.stdout.isTTY === true && io.stderr.isTTY === true;
  return interactive ? new ProgressBoard(io.stderr) : new LineProgress(io.stderr);
}

class LineProgress implements Progress {
  readonly #stream: NodeJS.WritableStream;
  #title = '';
  #calls = 0;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  readonly logger: RunLogger = {
    info: (input, ...extra) => this.#line(logLine('info', input, extra)),
    warn: (input, ...extra) => this.#line(logLine('warn', input, extra)),
    error: (input, ...extra) => this.#line(logLine('error', input, extra)),
  };

  readonly events: ClientEvents = {
    onCall: () => {
      this.#calls += 1;
    },
    onThrottle: (event) => this.#line(describeThrottle(event)),
    onAccountWidePacing: (event) => this.#line(`warn: ${describeAccountWidePacing(event)}`),
    onRetry: (event) =>
      this.#line(`${event.endpoint}: retry ${event.attempt} in ${seconds(event.waitMs)} (${event.reason})`),
    onTokenRefresh: () => this.#line('fetched a new API token'),
  };

  begin(title: string): void {
    this.#title = title;
    this.#calls = 0;
    this.#line('started');
  }

  end(): void {
    if (this.#calls > 0) this.#line(`${this.#calls} API calls`);
    this.#title = '';
  }

  #line(text: string): void {
    this.#stream.write(`${this.#title ? `[${this.#title}] ` : ''}${text}\n`);
  }
}
