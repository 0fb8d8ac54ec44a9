import { once } from 'node:events';
import type ExcelJS from 'exceljs';

/** How many rows to write between checks; a check is cheap, a row of 60 cells is ~4 KB of XML. */
export const ROWS_PER_CHECK = 64;

/** A Node stream, or archiver's `readable-stream` one (which has `_writableState` but no `writableNeedDrain`). */
interface Drainable extends NodeJS.EventEmitter {
  readonly writableNeedDrain?: boolean;
  readonly _writableState?: { readonly needDrain?: boolean };
}

function isDrainable(value: unknown): value is Drainable {
  return (
    typeof value === 'object' &&
    value !== null &&
    'once' in value &&
    ('writableNeedDrain' in value || '_writableState' in value)
  );
}

function needsDrain(stream: Drainable): boolean {
  return stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false;
}

/**
 * Waits until the zip has taken the sheet XML written so far. exceljs's streaming writer hands each
 * sheet's XML to the zip through an internal StreamBuf that ignores backpressure
 * (stream/xlsx/workbook-writer.js `_openStream`, utils/stream-buf.js `write` in batch mode), so a
 * synchronous loop over 30,000 rows would hold the whole uncompressed sheet in memory before the
 * zip saw a byte. The StreamBuf's pipe target is the zip entry's input; waiting for its `drain`
 * applies the output's pace to the row loop. `stopped` rejects when the output fails, so a wait for
 * a drain that will never come ends too. If exceljs's internals change shape, this falls back to
 * yielding to the event loop, which still lets the zip run between batches.
 */
export async function zipCaughtUp(worksheet: ExcelJS.Worksheet, stopped: Promise<never>): Promise<void> {
  const pipes = (worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const target = pipes?.[0];
  if (!isDrainable(target)) {
    await Promise.race([new Promise((resolve) => setImmediate(resolve)), stopped]);
    return;
  }
  if (needsDrain(target)) await Promise.race([once(target, 'drain'), stopped]);
}
