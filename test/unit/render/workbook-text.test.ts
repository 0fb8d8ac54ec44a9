import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_CELL_TEXT } from '../../../src/core/render/workbook-cells.ts';
import { columnIndex, renderToWorkbook, sheet, workbookSnapshot } from './workbook-fixture.ts';

const INJECTIONS = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1:A9)', "=cmd|' /C calc'!A0"];

const HOSTILE = [
  '<script>alert(1)</script> & <b>bold</b>',
  'line one\nline two\r\nline three',
  'مرحبا بالعالم \u202Eevil\u202C',
  'Agent 😀👩‍💻 名字',
  'x'.repeat(10_000),
];

describe('Function: renderWorkbook (text from the API)', () => {
  it('keeps formula-looking department and agent names as string cells, never formulas', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ unitNames: INJECTIONS, agentNames: INJECTIONS });

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['chats', 'agents'] });

    // Assess
    for (const [name, column] of [
      ['Chats', 'Department'],
      ['Agents', 'Agent Nickname'],
    ] as const) {
      const worksheet = sheet(workbook, name);
      const cells = INJECTIONS.map((_, i) => worksheet.getRow(i + 2).getCell(columnIndex(worksheet, column)));
      expect(cells.map((cell) => cell.value)).toEqual(INJECTIONS);
      for (const cell of cells) {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
      }
    }
  });

  it('writes markup, line breaks, right-to-left text, emoji and 10,000-character names intact', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ agentNames: HOSTILE });

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents'] });

    // Assess
    const names = sheet(workbook, 'Agents')
      .getColumn(1)
      .values.slice(2, 2 + HOSTILE.length);
    // XML turns a CR LF pair into LF on reading; every other character comes back as written.
    expect(names).toEqual(HOSTILE.map((name) => name.replace(/\r\n/g, '\n')));
  });

  it("cuts a name longer than Excel's 32,767-character cell limit instead of failing", async () => {
    // Prepare
    const snapshot = workbookSnapshot({ agentNames: ['y'.repeat(40_000), 'Agent 02'] });

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents'] });

    // Assess
    const agents = sheet(workbook, 'Agents');
    const long = String(agents.getRow(2).getCell(1).value);
    expect(long).toHaveLength(MAX_CELL_TEXT);
    expect(long.endsWith('…')).toBe(true);
    expect(agents.getRow(3).getCell(1).value).toBe('Agent 02');
  });

  it('drops control characters that XML cannot carry', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ agentNames: ['bell\u0007 null\u0000 lone\uD800 end'] });

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents'] });

    // Assess
    expect(sheet(workbook, 'Agents').getRow(2).getCell(1).value).toBe('bell null lone\uFFFD end');
  });
});
