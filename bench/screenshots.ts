/**
 * `npm run screenshots` refreshes the README's pictures of the email: the shipped weekly report run
 * against the embedded simulator, each message's HTML part opened in Debian's Chromium at a desktop
 * client's width (docs/email-summary.png, the whole account) and a phone's (docs/email-phone.png, the
 * Customer Care supervisor's slice). Archive locations are shown as the deployed S3 bucket gives
 * them, not as this machine's temporary folder.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { startSimulator } from '../simulator/index.ts';
import { localDelivery } from '../src/adapters/delivery.ts';
import { statsSessions } from '../src/adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../src/adapters/sobot/token-provider.ts';
import { type Clock, systemClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/report/config.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../src/core/report/ports.ts';
import { runReport } from '../src/core/report/run-report.ts';
import { launchChromium } from '../test/support/chromium.ts';
import {
  FAKE_CLOCK_START,
  REFERENCE_DATE,
  shippedConfigPath,
  WEEKLY_REPORT,
} from './support/simulated-run.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const SHOTS = [
  { file: 'docs/email-summary.png', width: 600, recipient: 'head-of-service@example.com' },
  { file: 'docs/email-phone.png', width: 375, recipient: 'care.supervisor@example.com' },
] as const;

/** The local archive, located as `S3ArchiveStore` locates its objects in the deployed bucket. */
class LocatedAsS3 implements ArchiveStore {
  readonly #store: ArchiveStore;
  constructor(store: ArchiveStore) {
    this.#store = store;
  }
  put(key: string, object: ArchiveObject): Promise<void> {
    return this.#store.put(key, object);
  }
  putIfAbsent(key: string, object: ArchiveObject): Promise<boolean> {
    return this.#store.putIfAbsent(key, object);
  }
  get(key: string): Promise<Uint8Array | null> {
    return this.#store.get(key);
  }
  list(prefix: string): Promise<ArchiveEntry[]> {
    return this.#store.list(prefix);
  }
  locate(key: string): string {
    return `s3://sobot-reports-archive/${key}`;
  }
  browseUrl(folder: string): string {
    const prefix = encodeURIComponent(`${folder.replace(/\/$/, '')}/`);
    return `https://ap-southeast-1.console.aws.amazon.com/s3/buckets/sobot-reports-archive?region=ap-southeast-1&prefix=${prefix}&showversions=false`;
  }
}

/** Real time moved to the morning after the reported week, so "Data collected at" reads as on a Monday. */
const started = Date.now();
const clock: Clock = { ...systemClock, now: () => FAKE_CLOCK_START + (Date.now() - started) };

async function htmlOf(outbox: string, recipient: string): Promise<string> {
  for (const name of await readdir(outbox)) {
    const message = await simpleParser(await readFile(join(outbox, name)));
    const to = [message.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address));
    if (to.includes(recipient) && typeof message.html === 'string') return message.html;
  }
  throw new Error(`no message to ${recipient} in ${outbox}`);
}

const out = await mkdtemp(join(tmpdir(), 'sobot-screenshots-'));
const simulator = await startSimulator();
const browser = await launchChromium();
try {
  const local = localDelivery(out, clock);
  const tokens = new FetchingTokenProvider({ ...simulator.credentials, baseUrl: simulator.url, clock });
  await runReport(
    {
      config: await loadConfig(shippedConfigPath()),
      openStats: statsSessions(tokens, { baseUrl: simulator.url, clock }),
      ...local,
      archive: new LocatedAsS3(local.archive),
      clock,
    },
    { reportId: WEEKLY_REPORT, date: REFERENCE_DATE },
  );
  const page = await browser.newPage();
  for (const shot of SHOTS) {
    await page.setViewportSize({ width: shot.width, height: 800 });
    await page.setContent(await htmlOf(join(out, 'outbox'), shot.recipient));
    await page.screenshot({ path: join(root, shot.file), fullPage: true });
    console.log(`wrote ${shot.file}: the email to ${shot.recipient} at ${shot.width} px`);
  }
} finally {
  await browser.close();
  await simulator.close();
  await rm(out, { recursive: true, force: true });
}
