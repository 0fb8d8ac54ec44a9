import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { DeliveryAdapters } from '../../../src/adapters/delivery.ts';
import { parseManifest } from '../../../src/core/delivery/manifest.ts';
import type { StatsSource } from '../../../src/core/sobot/api.ts';
import type { SesEmulator } from '../../support/emulators.ts';
import type { Pipeline } from '../../support/pipeline.ts';
import { SUPERVISOR_ONE, SUPERVISOR_TWO } from '../../support/pipeline.ts';

/** Keys and checks the fault scenarios share: every scenario runs the weekly report of 2025-W45. */

export const RUN_FOLDER = 'reports/weekly-pipeline/weekly/2025/2025-W45/';
const MANIFEST_KEY = `${RUN_FOLDER}manifest.json`;
export const RAW_KEY = `${RUN_FOLDER}raw.json.gz`;
export const CHECKPOINT_KEY = `${RUN_FOLDER}partial.json.gz`;
export const EVERYONE = ['head@example.com', SUPERVISOR_ONE, SUPERVISOR_TWO].sort();

export function adaptersOf(p: Pipeline): DeliveryAdapters {
  return { archive: p.deps.archive, ledger: p.deps.ledger, mailer: p.deps.mailer };
}

/** The complete report reached each recipient exactly once, and the manifest says every step is done. */
export async function expectDeliveredOnce(p: Pipeline, ses?: SesEmulator): Promise<void> {
  const sent = p.sentMessages();
  expect(sent.flatMap((m) => m.recipients).sort()).toEqual(EVERYONE);
  const manifest = parseManifest((await p.deps.archive.get(MANIFEST_KEY)) ?? '');
  expect(manifest?.steps).toEqual({ collected: 'done', rendered: 'done', archived: 'done', sent: 'done' });
  expect(manifest?.files.filter((f) => f.key.endsWith('.xlsx'))).toHaveLength(3);
  if (ses) {
    const ids = new Set(sent.map((m) => m.messageId));
    const delivered = (await ses.messages()).filter((m) => ids.has(m.stored.messageId));
    expect(delivered.map((m) => m.request.destination[0]).sort()).toEqual(EVERYONE);
  }
}

/** Task ids in the collection checkpoint, or [] when there is none. */
export async function checkpointTasks(p: Pipeline): Promise<string[]> {
  const bytes = await p.deps.archive.get(CHECKPOINT_KEY);
  if (!bytes) return [];
  const checkpoint = JSON.parse(gunzipSync(bytes).toString('utf8')) as { parts: object };
  return Object.keys(checkpoint.parts);
}

/** Calls per endpoint the simulator has served since `before` (a copy of `callsByEndpoint`). */
export function callsSince(p: Pipeline, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [endpoint, count] of Object.entries(p.sim.stats.callsByEndpoint)) {
    const delta = count - (before[endpoint] ?? 0);
    if (delta > 0 && endpoint !== 'get_token') out[endpoint] = delta;
  }
  return out;
}

/** An AWS SDK error as the client would throw it. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

interface WithMiddleware {
  readonly middlewareStack: {
    add(middleware: unknown, options: { step: 'finalizeRequest'; name: string; priority: 'low' }): void;
    remove(name: string): boolean;
  };
}

/**
 * Makes an SDK client fail the commands `decide` picks, before they reach the emulator but inside the
 * SDK's retries, as the emulator's own answer would. Returns the function that removes the fault again.
 */
export function injectSdkErrors(
  client: WithMiddleware,
  decide: (command: string, input: Record<string, unknown>) => Error | null,
): () => void {
  const name = `injectedFault${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const error = decide(context.commandName ?? '', args.input);
        if (error) throw error;
        return next(args);
      },
    { step: 'finalizeRequest', name, priority: 'low' },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}

const NAME_FIELD = /(^|_)(name|nick)$/;

/**
 * A stats source that answers like `api` but with every name field (`depart_name`, `staff_name`, …)
 * replaced by `rename(original)`: hostile text the simulator itself never produces.
 */
export function renamingApi(api: StatsSource, rename: (name: string) => string): StatsSource {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        NAME_FIELD.test(key) && typeof field === 'string' ? rename(field) : field,
      ]),
    );
  };
  return { fetch: async (request, options) => rewrite(await api.fetch(request, options)) };
}
