import { describe, expect, it } from 'vitest';
import { headerRowHeight, printSetup, wrappedLines } from '../../../src/core/render/workbook-print.ts';
import { zipEntries } from '../../support/zip-entries.ts';
import { columnIndex, renderToWorkbook, sheet, workbookSnapshot } from './workbook-fixture.ts';

/** Each sheet's XML by sheet name, in workbook order, and the workbook's own XML. */
async function writtenXml(): Promise<{ sheets: Map<string, string>; workbook: string }> {
  const { buffer } = await renderToWorkbook(workbookSnapshot());
  const files = zipEntries(buffer);
  const workbook = files.get('xl/workbook.xml') ?? '';
  const rels = files.get('xl/_rels/workbook.xml.rels') ?? '';
  const sheets = new Map<string, string>();
  for (const [, name, rId] of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    sheets.set(name ?? '', files.get(`xl/${target}`) ?? '');
  }
  return { sheets, workbook };
}

function attribute(xml: string, element: string, name: string): string | undefined {
  const tag = new RegExp(`<${element}\\b[^>]*>`).exec(xml)?.[0] ?? '';
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

function headerRowOf(xml: string, row: number): string {
  return new RegExp(`<row r="${row}"[^>]*>`).exec(xml)?.[0] ?? '';
}

describe('Function: renderWorkbook (print setup)', () => {
  it('turns fit to page on in every sheet, one page or a few wide and as many down as the rows take', async () => {
    // Prepare
    const { sheets } = await writtenXml();

    // Act
    const setups = [...sheets].map(([name, xml]) => ({
      name,
      sheetPr: /<sheetPr>.*?<\/sheetPr>/.exec(xml)?.[0],
      fitToWidth: Number(attribute(xml, 'pageSetup', 'fitToWidth')),
      fitToHeight: attribute(xml, 'pageSetup', 'fitToHeight'),
      scale: attribute(xml, 'pageSetup', 'scale'),
      footer: /<oddFooter>(.*?)<\/oddFooter>/.exec(xml)?.[1],
    }));

    // Assess
    // Every sheet of the workbook, the Definitions sheet included.
    expect(setups.map((setup) => setup.name)).toContain('Definitions');
    expect(setups).toHaveLength(13);
    for (const setup of setups) {
      expect(setup.sheetPr, setup.name).toBe('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
      expect(setup.fitToWidth, setup.name).toBeGreaterThanOrEqual(1);
      expect(setup.fitToHeight, setup.name).toBe('0');
      expect(setup.footer, setup.name).toBe('&amp;L&amp;A&amp;R&amp;P / &amp;N');
    }
  });

  it('repeats each sheet’s header row at the top of every printed page', async () => {
    // Prepare
    const { sheets, workbook } = await writtenXml();

    // Act
    const titles = [
      ...workbook.matchAll(/<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)/g),
    ];

    // Assess
    const names = [...sheets.keys()];
    expect(titles.map(([, index]) => names[Number(index)])).toEqual(names);
    for (const [, index, ranges] of titles) {
      const name = names[Number(index)];
      const headerRow = name === 'Summary' ? 5 : 1;
      expect(ranges?.split(','), name).toContain(`&apos;${name}&apos;!$${headerRow}:$${headerRow}`);
    }
  });

  it('prints a narrow sheet portrait on one page width, and spreads a very wide one over a few, labels repeated', async () => {
    // Prepare
    const { sheets, workbook } = await writtenXml();

    // Act
    const customers = sheets.get('Customers') ?? '';
    const chats = sheets.get('Chats') ?? '';
    const agents = sheets.get('Agents') ?? '';

    // Assess
    expect(attribute(customers, 'pageSetup', 'orientation')).toBe('portrait');
    expect(attribute(customers, 'pageSetup', 'fitToWidth')).toBe('1');
    expect(attribute(chats, 'pageSetup', 'orientation')).toBe('landscape');
    expect(attribute(agents, 'pageSetup', 'orientation')).toBe('landscape');
    expect(Number(attribute(agents, 'pageSetup', 'fitToWidth'))).toBeGreaterThan(1);
    const agentsIndex = [...sheets.keys()].indexOf('Agents');
    expect(workbook).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="${agentsIndex}">&apos;Agents&apos;!$A:$A,&apos;Agents&apos;!$1:$1</definedName>`,
    );
    expect(workbook).not.toMatch(/&apos;Customers&apos;!\$A:/);
  });

  it('makes each header row as tall as its longest wrapped label, so it never covers the first data row', async () => {
    // Prepare
    const { sheets } = await writtenXml();

    // Act
    const chatsHeader = headerRowOf(sheets.get('Chats') ?? '', 1);
    const customersHeader = headerRowOf(sheets.get('Customers') ?? '', 1);
    const summaryHeader = headerRowOf(sheets.get('Summary') ?? '', 5);

    // Assess: "Valid Reception Chat %" wraps onto three lines in its 13-character column, as
    // LibreOffice draws it; the Customers headers fit on one, and the Summary's "Change % vs previous
    // week" takes two in its 14-character column.
    expect(attribute(chatsHeader, 'row', 'ht')).toBe('45');
    expect(attribute(chatsHeader, 'row', 'customHeight')).toBe('1');
    expect(attribute(customersHeader, 'row', 'ht')).toBe('15');
    expect(attribute(summaryHeader, 'row', 'ht')).toBe('30');
  });
});

describe('Function: wrappedLines', () => {
  it('breaks a label at its spaces, a word to a line when the column is narrow', () => {
    // Prepare
    const label = 'Valid Reception Chat %';

    // Act
    const lines = [wrappedLines(label, 40), wrappedLines(label, 13), wrappedLines('Total Chats', 13)];

    // Assess
    expect(lines).toEqual([1, 3, 1]);
  });

  it('breaks a Chinese label anywhere, two columns a character, and a word wider than the column over several lines', () => {
    // Prepare
    const chinese = '有效人工接待会话占比';
    const longWord = 'Agent-Invited-Customer-Feedback';

    // Act
    const lines = [wrappedLines(chinese, 12), wrappedLines(chinese, 30), wrappedLines(longWord, 12)];

    // Assess: 10 characters are 20 widths, two lines of 11; the 31-letter word is three lines of 11.
    expect(lines).toEqual([2, 1, 3]);
  });
});

describe('Function: headerRowHeight', () => {
  it('is one 15-point line for each line the tallest label takes', () => {
    // Prepare
    const labels = ['Department', 'Valid Reception Chat %', 'Total Chats'];

    // Act
    const height = headerRowHeight(labels, [28, 13, 13]);

    // Assess
    expect(height).toBe(45);
  });
});

describe('Function: printSetup', () => {
  it('keeps a sheet that fits a portrait page upright, at one page wide, with no repeated columns', () => {
    // Prepare
    const layout = { headerRow: 1, widths: [26, 44, 14, 12], labelColumns: 2 };

    // Act
    const { pageSetup } = printSetup(layout);

    // Assess
    expect(pageSetup).toMatchObject({
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(pageSetup.printTitlesRow).toBe('1:1');
    expect(pageSetup.printTitlesColumn).toBeUndefined();
  });

  it('turns a sheet wider than a portrait page to landscape, still one page wide while the text stays readable', () => {
    // Prepare: 170 characters are about 890 pt; a landscape page has 756 pt, so the scale is about 85 %.
    const layout = { headerRow: 5, widths: [14, 32, 48, 34, 24, 18], labelColumns: 0 };

    // Act
    const { pageSetup } = printSetup(layout);

    // Assess
    expect(pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '5:5' });
  });

  it('spreads a sheet that one page would shrink below 55 % over enough pages, its label columns on each', () => {
    // Prepare: 580 characters, 3,045 pt, of which the two label columns are 252; a page holds 756 / 0.55 ≈ 1,375.
    const layout = {
      headerRow: 1,
      widths: [20, 28, ...Array.from({ length: 38 }, () => 14)],
      labelColumns: 2,
    };

    // Act
    const { pageSetup } = printSetup(layout);

    // Assess: (3,045 − 252) / (1,375 − 252) is 2.5, so 3 pages.
    expect(pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 3, printTitlesColumn: 'A:B' });
  });

  it('keeps text off the number or date on its left, and wraps the Definitions sheet’s sentences in their columns', async () => {
    // Prepare: the Trend sheet has a text column (Source) right of a date column (To).
    const period = (label: string, from: string, to: string) => ({
      label,
      from,
      to,
      figures: { totalChats: 120 },
      source: 'api' as const,
    });
    const trend = {
      kind: 'weekly' as const,
      periods: [
        period('2025-W44', '2025-10-27', '2025-11-02'),
        period('2025-W45', '2025-11-03', '2025-11-09'),
      ],
    };
    const { workbook } = await renderToWorkbook(workbookSnapshot(), { trend });

    // Act: every data cell holding text right of a cell holding a number or a date.
    const touching: string[] = [];
    let pairs = 0;
    for (const worksheet of workbook.worksheets) {
      worksheet.eachRow((row, r) => {
        row.eachCell((cell, c) => {
          const left = c > 1 ? row.getCell(c - 1).value : null;
          if (typeof cell.value !== 'string' || !(typeof left === 'number' || left instanceof Date)) return;
          pairs++;
          if (!(cell.alignment?.indent ?? 0)) touching.push(`${worksheet.name}!${cell.address} (row ${r})`);
        });
      });
    }
    const definitions = sheet(workbook, 'Definitions');
    const formula = columnIndex(definitions, 'Formula');

    // Assess
    expect(pairs).toBeGreaterThan(0);
    expect(touching).toEqual([]);
    const source = sheet(workbook, 'Trend')
      .getRow(2)
      .getCell(columnIndex(sheet(workbook, 'Trend'), 'Source'));
    expect(source.alignment).toMatchObject({ horizontal: 'left', indent: 1 });
    expect(definitions.getRow(2).getCell(formula).alignment).toMatchObject({
      wrapText: true,
      vertical: 'top',
    });
    expect(definitions.getRow(2).getCell(1).alignment).toMatchObject({ vertical: 'top' });
    // A row whose source fields take two lines is two lines tall, as LibreOffice does not grow it.
    const sources = columnIndex(definitions, 'Source fields');
    const tall = [...Array(definitions.rowCount).keys()]
      .map((i) => definitions.getRow(i + 1))
      .filter((row) => String(row.getCell(sources).value).length > 60);
    expect(tall.length).toBeGreaterThan(0);
    for (const row of tall) expect(row.height, String(row.getCell(1).value)).toBeGreaterThanOrEqual(30);
  });
});
