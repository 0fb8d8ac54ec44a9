import { simpleParser } from 'mailparser';
import { MemoryArchiveStore } from '../../src/adapters/archive/memory.ts';
import { ArchiveLedger } from '../../src/core/delivery/ledger.ts';
import { type Manifest, parseManifest } from '../../src/core/delivery/manifest.ts';
import { parseConfig } from '../../src/core/report/config.ts';
import type { OutgoingEmail } from '../../src/core/report/ports.ts';
import { runReport } from '../../src/core/report/run-report.ts';
import type { RunResult } from '../../src/core/report/run-types.ts';
import { fakeStatsApi } from '../unit/report/fake-stats-api.ts';
import { createFakeClock } from './fake-clock.ts';

/**
 * The report use case on memory adapters and an in-memory stats source that answers with the rows it is
 * given, as the client hands them on (structure checked, values as received): what the tolerant reader
 * makes of an answer, all the way to the email, the manifest and the run's figures.
 */

const REPORT_ID = 'weekly-memory';
const RUN_FOLDER = `reports/${REPORT_ID}/weekly/2025/2025-W45/`;

const config = parseConfig({
  email: { from: 'Sobot Reports <reports@example.com>' },
  reports: [
    {
      id: REPORT_ID,
      title: 'Weekly report',
      period: 'weekly',
      send: { hour: 9, weekday: 1 },
      compareWithPrevious: false,
      recipients: { to: ['head@example.com'] },
    },
  ],
});

type FakeData = NonNullable<Parameters<typeof fakeStatsApi>[0]>['data'];

export interface InMemoryRun {
  readonly result: RunResult;
  readonly emails: readonly { readonly text: string; readonly html: string; readonly subject: string }[];
  readonly manifest: Manifest;
  readonly archive: MemoryArchiveStore;
  readonly rawKey: string;
}

export async function runInMemory(data: FakeData): Promise<InMemoryRun> {
  const clock = createFakeClock();
  const archive = new MemoryArchiveStore(() => clock.now());
  const sent: OutgoingEmail[] = [];
  const api = fakeStatsApi({ data: data ?? {} });
  const result = await runReport(
    {
      config,
      clock,
      archive,
      mailer: {
        maxMessageBytes: 40 * 1024 * 1024,
        send: async (email) => {
          sent.push(email);
          return { messageId: `${sent.length}@mail` };
        },
      },
      ledger: new ArchiveLedger({ store: archive, clock }),
      openStats: () => ({ api, calls: () => api.calls.length }),
    },
    { reportId: REPORT_ID, date: '2025-11-12' },
  );
  const emails = await Promise.all(
    sent.map(async (email) => {
      const parsed = await simpleParser(Buffer.from(email.raw));
      return {
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        subject: email.subject,
      };
    }),
  );
  const manifest = parseManifest((await archive.get(`${RUN_FOLDER}manifest.json`)) ?? '');
  if (!manifest) throw new Error('the run archived no readable manifest');
  return { result, emails, manifest, archive, rawKey: `${RUN_FOLDER}raw.json.gz` };
}
