import type { ClientEvents } from '../core/sobot/api.ts';

/** `message key=value …`, with the values quoted when they hold spaces. */
export function logLine(level: string, input: unknown, extra: readonly unknown[]): string {
  const message =
    typeof input === 'string' ? input : String((input as { message?: unknown })?.message ?? input);
  const fields = extra
    .flatMap((item) => {
      if (item instanceof Error) return [`error=${quoted(item.message)}`];
      if (item && typeof item === 'object') {
        return Object.entries(item).map(([key, value]) => `${key}=${quoted(value)}`);
      }
      return item === undefined ? [] : [quoted(item)];
    })
    .join(' ');
  return `${level === 'info' ? '' : `${level}: `}${message}${fields ? ` (${fields})` : ''}`;
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /\s/.test(text ?? '') ? JSON.stringify(text) : String(text);
}

/** Client events as sentences, shared by both kinds of progress. */
export function describeThrottle(event: Parameters<NonNullable<ClientEvents['onThrottle']>>[0]): string {
  const limit = event.scope === 'account' ? 'account-wide rate limit' : 'per-endpoint rate limit';
  const who = event.reason === '229000' ? 'the API answered 229000, too many calls' : limit;
  return `${event.endpoint}: waiting ${seconds(event.waitMs)} (${who})`;
}

export function describeAccountWidePacing(
  event: Parameters<NonNullable<ClientEvents['onAccountWidePacing']>>[0],
): string {
  return `${event.endpoint}: the API answered 229000 below the endpoint's own limit, so the limit is the account's: pacing all endpoints together for the rest of the run`;
}

export function seconds(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`;
}
