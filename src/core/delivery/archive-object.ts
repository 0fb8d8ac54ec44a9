import type { ArchiveObject } from '../report/ports.ts';
import { contentDisposition } from './content-disposition.ts';
import { fileNameOf } from './layout.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface FileType {
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly disposition: 'attachment' | 'inline';
}

/** Longest suffix first, so `.json.gz` wins over `.gz`. */
const FILE_TYPES: ReadonlyArray<readonly [string, FileType]> = [
  ['.xlsx', { contentType: XLSX_CONTENT_TYPE, disposition: 'attachment' }],
  ['.html', { contentType: 'text/html; charset=utf-8', disposition: 'inline' }],
  // Served with Content-Encoding so a browser download yields the JSON itself; `aws s3 cp` keeps the gzip.
  ['.json.gz', { contentType: 'application/json', contentEncoding: 'gzip', disposition: 'attachment' }],
  ['.json', { contentType: 'application/json', disposition: 'inline' }],
  ['.eml', { contentType: 'message/rfc822', disposition: 'attachment' }],
];

const BINARY: FileType = { contentType: 'application/octet-stream', disposition: 'attachment' };

/**
 * The archive object for a file, its content type, disposition and encoding taken from the key's
 * extension, so every caller stores the same file the same way.
 */
export function archiveObjectFor(
  key: string,
  body: Uint8Array | string,
  metadata?: Readonly<Record<string, string>>,
): ArchiveObject {
  const fileName = fileNameOf(key);
  const [suffix, type] = FILE_TYPES.find(([ext]) => fileName.endsWith(ext)) ?? ['', BINARY];
  const downloadName = type.contentEncoding === 'gzip' ? fileName.slice(0, -'.gz'.length) : fileName;
  return {
    body,
    contentType: type.contentType,
    contentDisposition: contentDisposition(downloadName || suffix, type.disposition),
    ...(type.contentEncoding ? { contentEncoding: type.contentEncoding } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

export function byteLength(body: Uint8Array | string): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
