import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CliIo, progressFor } from '../../../src/cli/output.ts';

function terminal(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    },
    { isTTY },
  ) as unknown as NodeJS.WritableStream & { isTTY: boolean };
  // The board moves the cursor with escape codes; strip them to read what a person sees last.
  return { stream, text: () => text, plain: () => stripVTControlCharacters(text) };
}

function ioWith(isTTY: boolean) {
  const out = terminal(isTTY);
  const err = terminal(isTTY);
  const io: CliIo = { stdout: out.stream, stderr: err.stream, env: {} };
  return { io, out, err };
}

describe('CLI: progress output', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs plain lines on stderr, with rate-limit waits in seconds, when not on a terminal', () => {
    // Prepare
    const { io, out, err } = ioWith(false);
    const progress = progressFor(io, { json: false });

    // Act
    progress.begin('weekly-supervisors 2025-W46');
    progress.events.onCall?.({ endpoint: 'getStat', page: 1, pageCount: 2, ok: true });
    progress.events.onThrottle?.({ endpoint: 'getStat', waitMs: 41_200, reason: '229000' });
    progress.logger.info('run already delivered; nothing to send', { runKey: 'weekly/x' });
    progress.end();

    // Assess
    expect(out.text()).toBe('');
    expect(err.text().split('\n')).toEqual([
      '[weekly-supervisors 2025-W46] started',
      '[weekly-supervisors 2025-W46] getStat: waiting 42s (the API answered 229000, too many calls)',
      '[weekly-supervisors 2025-W46] run already delivered; nothing to send (runKey=weekly/x)',
      '[weekly-supervisors 2025-W46] 1 API calls',
      '',
    ]);
  });

  it('says once that pacing became account-wide, and names the account-wide waits', () => {
    // Prepare
    const { io, err } = ioWith(false);
    const progress = progressFor(io, { json: false });
    progress.begin('monthly-groups 2025-10');

    // Act
    progress.events.onAccountWidePacing?.({ endpoint: 'getMsgStat' });
    progress.events.onThrottle?.({
      endpoint: 'all endpoints',
      waitMs: 2_000,
      reason: 'limiter',
      scope: 'account',
    });
    progress.end();

    // Assess
    expect(err.text().split('\n').slice(1, 3)).toEqual([
      "[monthly-groups 2025-10] warn: getMsgStat: the API answered 229000 below the endpoint's own limit, so the limit is the account's: pacing all endpoints together for the rest of the run",
      '[monthly-groups 2025-10] all endpoints: waiting 2s (account-wide rate limit)',
    ]);
  });

  it('draws pages per endpoint and a countdown for a rate-limit wait on a terminal', () => {
    // Prepare
    vi.useFakeTimers({ now: 0 });
    const { io, err } = ioWith(true);
    const progress = progressFor(io, { json: false });
    progress.begin('daily-channels 2025-11-11');

    // Act
    progress.events.onCall?.({ endpoint: 'getStat', page: 1, pageCount: 3, ok: true });
    progress.events.onCall?.({ endpoint: 'getStat', page: 2, pageCount: 3, ok: true });
    progress.events.onThrottle?.({ endpoint: 'getMsgStat', waitMs: 30_000, reason: 'limiter' });
    vi.advanceTimersByTime(10_100);

    // Assess
    const lastBoard = err.plain().split('daily-channels 2025-11-11  (').at(-1) ?? '';
    expect(lastBoard).toContain('2 API calls)');
    expect(lastBoard).toMatch(/getStat\s+2\/3 pages/);
    expect(lastBoard).toContain('getMsgStat resumes in 20s');
    progress.end();
  });

  it('draws no board when --json asks for machine output, even on a terminal', () => {
    // Prepare
    const { io, err } = ioWith(true);
    const progress = progressFor(io, { json: true });

    // Act
    progress.begin('daily-channels 2025-11-11');
    progress.events.onCall?.({ endpoint: 'getStat', page: 1, pageCount: 1, ok: true });
    progress.end();

    // Assess
    expect(err.text()).toBe('[daily-channels 2025-11-11] started\n[daily-channels 2025-11-11] 1 API calls\n');
  });
});
