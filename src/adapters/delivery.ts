import { join } from 'node:path';
import { type Clock, systemClock } from '../core/clock.ts';
import { ArchiveLedger } from '../core/delivery/ledger.ts';
import type { ArchiveStore, DeliveryLedger, Mailer } from '../core/report/ports.ts';
import { FsArchiveStore } from './archive/fs.ts';
import { OutboxMailer } from './mail/outbox.ts';

export interface DeliveryAdapters {
  readonly archive: ArchiveStore;
  readonly mailer: Mailer;
  readonly ledger: DeliveryLedger;
}

/** The local run: `<out>/archive/` for the archive and ledger, `<out>/outbox/` for `.eml` files. */
export function localDelivery(outDir: string, clock: Clock = systemClock): DeliveryAdapters {
  const archive = new FsArchiveStore({ root: join(outDir, 'archive') });
  return {
    archive,
    mailer: new OutboxMailer({ dir: join(outDir, 'outbox'), clock }),
    ledger: new ArchiveLedger({ store: archive, clock }),
  };
}
