import { describe, expect, it } from 'vitest';
import { archiveObjectFor, XLSX_CONTENT_TYPE } from '../../../src/core/delivery/archive-object.ts';
import { contentDisposition } from '../../../src/core/delivery/content-disposition.ts';

describe('Function: archiveObjectFor', () => {
  it('stores a workbook as a download with its file name', () => {
    // Act
    const object = archiveObjectFor(
      'reports/r/weekly/2025/2025-W45/r_2025-11-03_2025-11-09.xlsx',
      new Uint8Array(1),
    );

    // Assess
    expect(object.contentType).toBe(XLSX_CONTENT_TYPE);
    expect(object.contentDisposition).toBe('attachment; filename="r_2025-11-03_2025-11-09.xlsx"');
    expect(object.contentEncoding).toBeUndefined();
  });

  it('serves the gzipped raw snapshot as JSON with a gzip encoding', () => {
    // Act
    const object = archiveObjectFor('reports/r/weekly/2025/2025-W45/raw.json.gz', new Uint8Array(1));

    // Assess
    expect(object).toMatchObject({
      contentType: 'application/json',
      contentEncoding: 'gzip',
      contentDisposition: 'attachment; filename="raw.json"',
    });
  });

  it('shows html inline and keeps metadata', () => {
    // Act
    const object = archiveObjectFor('reports/r/index.html', '<p>', { 'report-id': 'r' });

    // Assess
    expect(object.contentType).toBe('text/html; charset=utf-8');
    expect(object.contentDisposition).toBe('inline; filename="index.html"');
    expect(object.metadata).toEqual({ 'report-id': 'r' });
  });
});

describe('Function: contentDisposition', () => {
  it('adds an RFC 5987 filename* with an ASCII fallback for a non-ASCII name', () => {
    // Act & Assess
    expect(contentDisposition('周报_客服一部.xlsx')).toBe(
      `attachment; filename="_______.xlsx"; filename*=UTF-8''%E5%91%A8%E6%8A%A5_%E5%AE%A2%E6%9C%8D%E4%B8%80%E9%83%A8.xlsx`,
    );
  });

  it('drops accents in the fallback and quotes nothing unsafe', () => {
    // Act
    const value = contentDisposition('Après "vente".xlsx');

    // Assess
    expect(value).toBe(
      `attachment; filename="Apres _vente_.xlsx"; filename*=UTF-8''Apr%C3%A8s%20%22vente%22.xlsx`,
    );
  });
});
