import { clearScreenDown, moveCursor } from 'node:readline';
import type { RunLogger } from '../core/report/run-types.ts';
import type { ClientEvents } from '../core/sobot/api.ts';
import type { Progress } from './output.ts';
import { describeAccountWidePacing, describeThrottle, logLine, seconds } from './progress-text.ts';

interface EndpointProgress {
  pagesDone: number;
  /** Pages announced so far (page 1 of each query tells how many it has). */
  pagesKnown: number;
  failed: number;
}

const REDRAW_MS = 100;
const COUNTDOWN_MS = 1000;

/**
 * A live view on a terminal: pages done per endpoint, total calls, and a countdown while a rate-limit
 * wait is on. Log lines are printed above it, so nothing scrolls away under the redraws.
 */
export class ProgressBoard implements Progress {
  readonly #stream: NodeJS.WritableStream;
  readonly #endpoints = new Map<string, EndpointProgress>();
  /** Endpoint → when its wait ends (epoch ms). */
  readonly #waits = new Map<string, number>();
  #title = '';
  #calls = 0;
  #drawn = 0;
  #redraw: NodeJS.Timeout | undefined;
  #countdown: NodeJS.Timeout | undefined;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  readonly logger: RunLogger = {
    info: (input, ...extra) => this.#print(logLine('info', input, extra)),
    warn: (input, ...extra) => this.#print(logLine('warn', input, extra)),
    error: (input, ...extra) => this.#print(logLine('error', input, extra)),
  };

  readonly events: ClientEvents = {
    onCall: (event) => {
      this.#calls += 1;
      const entry = this.#entry(event.endpoint);
      if ((event.page ?? 1) === 1) entry.pagesKnown += event.pageCount ?? 1;
      if (event.ok) entry.pagesDone += 1;
      else entry.failed += 1;
      this.#waits.delete(event.endpoint);
      this.#schedule();
    },
    onThrottle: (event) => {
      this.#waits.set(event.endpoint, Date.now() + event.waitMs);
      if (event.reason === '229000') this.#print(describeThrottle(event));
      this.#startCountdown();
      this.#schedule();
    },
    onAccountWidePacing: (event) => this.#print(`warn: ${describeAccountWidePacing(event)}`),
    onRetry: (event) =>
      this.#print(`${event.endpoint}: retry ${event.attempt} in ${seconds(event.waitMs)} (${event.reason})`),
    onTokenRefresh: () => this.#print('fetched a new API token'),
  };

  begin(title: string): void {
    this.#title = title;
    this.#calls = 0;
    this.#endpoints.clear();
    this.#waits.clear();
    this.#draw();
  }

  end(): void {
    clearTimeout(this.#redraw);
    clearInterval(this.#countdown);
    this.#redraw = undefined;
    this.#countdown = undefined;
    this.#erase();
    if (this.#calls > 0) this.#stream.write(`${this.#title}: ${this.#calls} API calls\n`);
    this.#title = '';
  }

  #entry(endpoint: string): EndpointProgress {
    let entry = this.#endpoints.get(endpoint);
    if (!entry) {
      entry = { pagesDone: 0, pagesKnown: 0, failed: 0 };
      this.#endpoints.set(endpoint, entry);
    }
    return entry;
  }

  #print(line: string): void {
    this.#erase();
    this.#stream.write(`${line}\n`);
    this.#draw();
  }

  #schedule(): void {
    this.#redraw ??= setTimeout(() => {
      this.#redraw = undefined;
      this.#erase();
      this.#draw();
    }, REDRAW_MS).unref();
  }

  #startCountdown(): void {
    this.#countdown ??= setInterval(() => {
      const now = Date.now();
      for (const [endpoint, until] of this.#waits) if (until <= now) this.#waits.delete(endpoint);
      if (this.#waits.size === 0) {
        clearInterval(this.#countdown);
        this.#countdown = undefined;
      }
      this.#schedule();
    }, COUNTDOWN_MS).unref();
  }

  #lines(): string[] {
    if (!this.#title) return [];
    const width = Math.max(12, ...[...this.#endpoints.keys()].map((name) => name.length));
    const rows = [...this.#endpoints].map(([name, p]) => {
      const pages = `${p.pagesDone}/${Math.max(p.pagesKnown, p.pagesDone)} pages`;
      return `  ${name.padEnd(width)}  ${pages}${p.failed ? `, ${p.failed} failed` : ''}`;
    });
    const now = Date.now();
    const waits = [...this.#waits].map(
      ([endpoint, until]) => `  waiting for the rate limit: ${endpoint} resumes in ${seconds(until - now)}`,
    );
    return [`${this.#title}  (${this.#calls} API calls)`, ...rows, ...waits];
  }

  #draw(): void {
    const lines = this.#lines();
    if (lines.length > 0) this.#stream.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }

  #erase(): void {
    if (this.#drawn === 0) return;
    moveCursor(this.#stream, 0, -this.#drawn);
    clearScreenDown(this.#stream);
    this.#drawn = 0;
  }
}
