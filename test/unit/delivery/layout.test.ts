import { describe, expect, it } from 'vitest';
import { ArchiveKeyError } from '../../../src/core/delivery/errors.ts';
import {
  assertSafeKey,
  fileKeys,
  reportIndexKey,
  runFolder,
  slug,
} from '../../../src/core/delivery/layout.ts';
import { period, weekW45 } from './helpers.ts';

describe('Function: runFolder', () => {
  it.each([
    [
      period({ kind: 'daily', from: '2025-11-12', to: '2025-11-12', label: '2025-11-12' }),
      'reports/r1/daily/2025/2025-11-12/',
    ],
    [weekW45, 'reports/r1/weekly/2025/2025-W45/'],
    [
      period({ kind: 'monthly', from: '2025-10-01', to: '2025-10-31', label: '2025-10' }),
      'reports/r1/monthly/2025/2025-10/',
    ],
    [
      period({ kind: 'custom', from: '2025-11-01', to: '2025-11-20', label: '2025-11-01_2025-11-20' }),
      'reports/r1/custom/2025/2025-11-01_2025-11-20/',
    ],
  ])('files a %s period under its kind, year and label', (window, expected) => {
    // Act
    const folder = runFolder('r1', window);

    // Assess
    expect(folder).toBe(expected);
  });

  it('files an ISO week that starts in December under the year of its first day', () => {
    // Prepare
    const week = period({ from: '2025-12-29', to: '2026-01-04', label: '2026-W01' });

    // Act
    const folder = runFolder('r1', week);

    // Assess
    expect(folder).toBe('reports/r1/weekly/2025/2026-W01/');
  });
});

describe('Function: fileKeys', () => {
  it('names the workbook and html after the report and range, raw and manifest per run', () => {
    // Act
    const keys = fileKeys('weekly-supervisors', weekW45);

    // Assess
    expect(keys).toEqual({
      folder: 'reports/weekly-supervisors/weekly/2025/2025-W45/',
      periodFolder: 'reports/weekly-supervisors/weekly/2025/2025-W45/',
      workbook:
        'reports/weekly-supervisors/weekly/2025/2025-W45/weekly-supervisors_2025-11-03_2025-11-09.xlsx',
      html: 'reports/weekly-supervisors/weekly/2025/2025-W45/weekly-supervisors_2025-11-03_2025-11-09.html',
      raw: 'reports/weekly-supervisors/weekly/2025/2025-W45/raw.json.gz',
      manifest: 'reports/weekly-supervisors/weekly/2025/2025-W45/manifest.json',
    });
  });

  it('puts a dry run and a recipients override in folders of their own below the period', () => {
    // Act
    const dry = fileKeys('weekly', weekW45, undefined, { dryRun: true });
    const both = fileKeys('weekly', weekW45, 'Department 1', { override: 'abc123', dryRun: true });

    // Assess
    expect(dry.manifest).toBe('reports/weekly/weekly/2025/2025-W45/dry-run/manifest.json');
    expect(dry.periodFolder).toBe('reports/weekly/weekly/2025/2025-W45/');
    expect(both.workbook).toBe(
      'reports/weekly/weekly/2025/2025-W45/to-abc123/dry-run/weekly_2025-11-03_2025-11-09_department-1.xlsx',
    );
  });

  it('suffixes a slice with its slug and keeps the run-level raw and manifest', () => {
    // Act
    const keys = fileKeys('weekly', weekW45, 'Department 1');

    // Assess
    expect(keys.workbook).toBe(
      'reports/weekly/weekly/2025/2025-W45/weekly_2025-11-03_2025-11-09_department-1.xlsx',
    );
    expect(keys.html).toBe(
      'reports/weekly/weekly/2025/2025-W45/weekly_2025-11-03_2025-11-09_department-1.html',
    );
    expect(keys.raw).toBe('reports/weekly/weekly/2025/2025-W45/raw.json.gz');
  });

  it('refuses a report id that would add folders', () => {
    // Act & Assess
    expect(() => reportIndexKey('../etc')).toThrow(ArchiveKeyError);
  });
});

describe('Function: slug', () => {
  it.each([
    ['Department 1', 'department-1'],
    ['  Après-vente / SAV  ', 'apres-vente-sav'],
    ['客服一部', '客服一部'],
    ['A/B..C', 'a-b-c'],
    ['***', 'unnamed'],
  ])('turns %j into %j', (name, expected) => {
    // Act & Assess
    expect(slug(name)).toBe(expected);
  });

  it('caps the length without leaving a trailing dash', () => {
    // Act
    const value = slug(`${'a'.repeat(59)} bcd`);

    // Assess
    expect(value).toBe('a'.repeat(59));
  });
});

describe('Function: assertSafeKey', () => {
  it.each(['', '/abs', 'a//b', 'a/../b', './a', 'a\\b'])('rejects %j', (key) => {
    // Act & Assess
    expect(() => assertSafeKey(key)).toThrow(ArchiveKeyError);
  });
});
