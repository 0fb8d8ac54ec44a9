import type { PeriodWindow } from '../report/snapshot.ts';
import { ArchiveKeyError } from './errors.ts';

/**
 * Archive key layout, chosen so a person can browse it in the S3 console or with `aws s3 ls`:
 *
 *   reports/<reportId>/index.html
 *   reports/<reportId>/<period>/<yyyy>/<label>/<reportId>_<from>_<to>.xlsx|.html
 *   reports/<reportId>/<period>/<yyyy>/<label>/<reportId>_<from>_<to>_<slice-slug>.xlsx|.html
 *   reports/<reportId>/<period>/<yyyy>/<label>/raw.json.gz
 *   reports/<reportId>/<period>/<yyyy>/<label>/manifest.json
 *
 * A run that is not the configured delivery keeps its files in a folder of its own below that, so it
 * never replaces the delivered run's: `…/<label>/to-<hash>/` for a recipients override, `…/dry-run/`
 * for a dry run (`…/to-<hash>/dry-run/` for both).
 *
 * The same keys are paths under the local `<out>/archive/` folder.
 */

export const REPORTS_ROOT = 'reports/';
export const REPORTS_INDEX_KEY = `${REPORTS_ROOT}index.html`;
export const MANIFEST_FILE = 'manifest.json';
export const RAW_FILE = 'raw.json.gz';

const MAX_SLUG = 60;

/** What the keys need of a period; a manifest's period has it too. */
type PeriodKey = Pick<PeriodWindow, 'kind' | 'from' | 'to' | 'label'>;

/** A lowercase, dash-separated key segment; letters of any script survive, accents are dropped. */
export function slug(name: string, maxLength = MAX_SLUG): string {
  const value = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return value || 'unnamed';
}

export function reportFolder(reportId: string): string {
  return `${REPORTS_ROOT}${segment(reportId)}/`;
}

export function reportIndexKey(reportId: string): string {
  return `${reportFolder(reportId)}index.html`;
}

/** A small JSON summary beside each report's index, read to build the top-level index. */
export function reportSummaryKey(reportId: string): string {
  return `${reportFolder(reportId)}report.json`;
}

/** Which run of a period: the configured delivery (no fields), or one beside it. */
export interface RunVariant {
  /** Short hash of the override's recipients. */
  readonly override?: string;
  readonly dryRun?: boolean;
}

/** `reports/<reportId>/<period>/<yyyy>/<label>/`, then the variant's folders. */
export function runFolder(reportId: string, period: PeriodKey, variant: RunVariant = {}): string {
  const base = `${reportFolder(reportId)}${period.kind}/${period.from.slice(0, 4)}/${segment(period.label)}/`;
  const override = variant.override === undefined ? '' : `to-${segment(variant.override)}/`;
  return `${base}${override}${variant.dryRun ? 'dry-run/' : ''}`;
}

/** `<reportId>_<from>_<to>` with `_<slice-slug>` for a routed supervisor's slice. */
function fileBaseName(reportId: string, period: PeriodKey, slice?: string): string {
  const base = `${reportId}_${period.from}_${period.to}`;
  return slice === undefined ? base : `${base}_${slug(slice)}`;
}

export interface RunFileKeys {
  /** The run's own folder: everything the run writes goes below it. */
  readonly folder: string;
  /** The configured delivery's folder, whose snapshot other runs of the period may reuse. */
  readonly periodFolder: string;
  readonly workbook: string;
  readonly html: string;
  /** Per run, not per slice. */
  readonly raw: string;
  readonly manifest: string;
}

export function fileKeys(
  reportId: string,
  period: PeriodKey,
  slice?: string,
  variant: RunVariant = {},
): RunFileKeys {
  const folder = runFolder(reportId, period, variant);
  const base = fileBaseName(reportId, period, slice);
  return {
    folder,
    periodFolder: runFolder(reportId, period),
    workbook: `${folder}${base}.xlsx`,
    html: `${folder}${base}.html`,
    raw: `${folder}${RAW_FILE}`,
    manifest: `${folder}${MANIFEST_FILE}`,
  };
}

/** The last path segment of a key. */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Rejects keys that could escape a folder (`..`, absolute paths, backslashes, empty segments). */
export function assertSafeKey(key: string): string {
  const segments = key.split('/');
  const unsafe =
    key.length === 0 ||
    key.includes('\\') ||
    key.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (unsafe) throw new ArchiveKeyError(key);
  return key;
}

function segment(value: string): string {
  assertSafeKey(value);
  if (value.includes('/')) throw new ArchiveKeyError(value);
  return value;
}
