import { parseArgs } from 'node:util';
import { startSimulator } from './index.ts';
import { loadRecording } from './replay.ts';

/**
 * Runs the simulator on its own for manual testing:
 *   node simulator/main.ts --port 8787 --seed 7 --agents 200 [--appid A --app-key K]
 *   node simulator/main.ts --replay recording.json   (answers from `sobot-reports check --record`)
 *   node simulator/main.ts --drift --rate-limit-scope account --work-log-filters example
 *     (answers as a real account may drift from the reference; see SimulatorOptions)
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    agents: { type: 'string' },
    appid: { type: 'string', default: 'sim-app' },
    'app-key': { type: 'string', default: 'sim-key' },
    'no-rate-limit': { type: 'boolean', default: false },
    replay: { type: 'string' },
    drift: { type: 'boolean', default: false },
    'rate-limit-scope': { type: 'string', default: 'endpoint' },
    'work-log-filters': { type: 'string', default: 'table' },
  },
});

const recording =
  values.replay === undefined
    ? undefined
    : await loadRecording(values.replay).catch((error: Error) => {
        process.stderr.write(`error: --replay: ${error.message}\n`);
        process.exit(2);
      });

function oneOf<const T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  process.stderr.write(`error: --${flag}: "${value}" is not one of ${allowed.join(', ')}\n`);
  process.exit(2);
}

const simulator = await startSimulator({
  drift: values.drift,
  rateLimitScope: oneOf('rate-limit-scope', values['rate-limit-scope'], ['endpoint', 'account']),
  workLogFilters: oneOf('work-log-filters', values['work-log-filters'], ['table', 'example']),
  host: values.host,
  port: Number(values.port),
  seed: Number(values.seed),
  credentials: { appId: values.appid, appKey: values['app-key'] },
  ...(values.agents ? { size: { agents: Number(values.agents) } } : {}),
  ...(values['no-rate-limit'] ? { rateLimit: { calls: Number.POSITIVE_INFINITY, windowMs: 60_000 } } : {}),
  ...(recording ? { replay: { recording, onNote: (note) => process.stderr.write(`${note}\n`) } } : {}),
});

process.stdout.write(
  `Sobot simulator listening on ${simulator.url}\n` +
    `  appid:   ${simulator.credentials.appId}\n` +
    // Like every secret, the app_key is never printed: it is the one given with --app-key (default sim-key).
    '  app_key: as given with --app-key\n' +
    (recording ? `  replaying ${values.replay} (${recording.day}, ${recording.timezone})\n` : ''),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
