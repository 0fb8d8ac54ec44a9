import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderWorkbook, WorkbookRenderError } from '../../../src/core/render/workbook.ts';
import { zipCaughtUp } from '../../../src/core/render/workbook-backpressure.ts';
import { workbookSnapshot } from './workbook-fixture.ts';

/** A worksheet whose XML stream forwards to `target`, as exceljs's StreamBuf does. */
function worksheetPipingTo(target: unknown): ExcelJS.Worksheet {
  return { stream: { pipes: [target] } } as unknown as ExcelJS.Worksheet;
}

/** Shaped like archiver's readable-stream PassThrough: `_writableState` but no `writableNeedDrain`. */
class BackedUpEntry extends EventEmitter {
  readonly _writableState = { needDrain: true };
}

const never = new Promise<never>(() => {});

describe('Function: zipCaughtUp', () => {
  it('waits for the zip entry to drain before more rows are written', async () => {
    // Prepare
    const entry = new BackedUpEntry();
    let caughtUp = false;

    // Act
    const waiting = zipCaughtUp(worksheetPipingTo(entry), never).then(() => {
      caughtUp = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const beforeDrain = caughtUp;
    entry.emit('drain');
    await waiting;

    // Assess
    expect(beforeDrain).toBe(false);
    expect(caughtUp).toBe(true);
  });

  it('stops waiting when the output fails', async () => {
    // Prepare
    const entry = new BackedUpEntry();
    const stopped = Promise.reject(new Error('output closed'));

    // Act
    const waiting = zipCaughtUp(worksheetPipingTo(entry), stopped);

    // Assess
    await expect(waiting).rejects.toThrow('output closed');
  });

  it('yields to the event loop when the worksheet does not look as expected', async () => {
    // Prepare
    const worksheet = {} as ExcelJS.Worksheet;

    // Act
    const waiting = zipCaughtUp(worksheet, never);

    // Assess
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('Function: renderWorkbook (output failures)', () => {
  it('rejects with a WorkbookRenderError when the output stream fails mid-write', async () => {
    // Prepare
    const output = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });

    // Act
    const render = renderWorkbook(workbookSnapshot({ agents: 3_000 }), {
      title: 'Report',
      language: 'en',
      sections: ['agents'],
      output,
    });

    // Assess
    await expect(render).rejects.toBeInstanceOf(WorkbookRenderError);
    await expect(render).rejects.toMatchObject({ cause: { message: 'disk full' } });
  });
});
