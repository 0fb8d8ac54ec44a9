import { PassThrough } from 'node:stream';
import type { EmailBody } from '../delivery/compose.ts';
import { fileKeys, fileNameOf, RAW_FILE, type RunVariant } from '../delivery/layout.ts';
import { missedText } from '../render/format.ts';
import { renderHtml } from '../render/html.ts';
import { type Language, labelsFor } from '../render/i18n.ts';
import { type ArchiveLinks, buildReportModel, type ReportModel } from '../render/model.ts';
import { renderText } from '../render/text.ts';
import { renderWorkbook } from '../render/workbook.ts';
import type { PeriodTrend } from '../trend/trend.ts';
import type { ReportConfig } from './config.ts';
import type { ArchiveStore } from './ports.ts';
import { type RouteSlice, sliceSnapshot } from './slice.ts';
import type { RawSnapshot } from './snapshot.ts';

/** One slice's finished artifacts: what is archived and what is mailed. */
export interface RenderedSlice {
  readonly sliceSlug: string;
  readonly workbook: { readonly key: string; readonly fileName: string; readonly content: Uint8Array };
  readonly html: { readonly key: string; readonly content: string };
  readonly text: string;
  /** The email's body for when the workbook is too large to attach: it says so instead. Rendered on demand. */
  readonly withoutAttachment: () => EmailBody;
  /**
   * What an alert's subject leads with: the slice's own key figures that miss a target
   * (`Missed: Avg first response 46s > 30s`), then the targeted ones that could not be read
   * (`Not checked: Valid reception (% of chats)`); null only when every target is met. An alert that
   * cannot tell is sent: staying silent would say the team met a target nobody checked.
   */
  readonly alert: string | null;
}

export async function renderSlice(
  snapshot: RawSnapshot,
  report: ReportConfig,
  slice: RouteSlice | null,
  sliceSlug: string,
  archive: ArchiveStore,
  variant: RunVariant = {},
  trend: PeriodTrend | null = null,
): Promise<RenderedSlice> {
  const data = slice ? sliceSnapshot(snapshot, slice) : snapshot;
  const keys = fileKeys(report.id, snapshot.period, slice ? sliceSlug : undefined, variant);
  const names = { workbook: fileNameOf(keys.workbook), html: fileNameOf(keys.html) };
  const folder = keys.folder.slice(0, -1);
  const links: ArchiveLinks = {
    workbook: names.workbook,
    attached: true,
    location: archive.locate(folder),
    folderUrl: archive.browseUrl(folder),
    // The raw data is the whole account's: a routed supervisor's email names only their own files.
    files: [{ name: names.html, kind: 'html' }, ...(slice ? [] : [{ name: RAW_FILE, kind: 'raw' } as const])],
  };
  const model = buildReportModel(data, {
    title: report.title,
    language: report.language,
    sections: report.sections,
    archive: links,
    targets: report.targets,
    minChats: report.agentsNeedingAttention.minChats,
    periodTrend: trend,
  });
  const withoutAttachment = { ...model, archive: { ...links, attached: false } };
  const workbook = await workbookBytes(data, report, trend);
  return {
    sliceSlug,
    workbook: { key: keys.workbook, fileName: names.workbook, content: workbook },
    html: { key: keys.html, content: renderHtml(model) },
    text: renderText(model),
    withoutAttachment: () => ({ html: renderHtml(withoutAttachment), text: renderText(withoutAttachment) }),
    alert: alertOf(model, report.language),
  };
}

function alertOf(model: ReportModel, language: Language): string | null {
  const labels = labelsFor(language);
  const parts = [
    ...(model.missedTargets.length > 0
      ? [labels.missedSubject(model.missedTargets.map((k) => missedText(k, language)))]
      : []),
    ...(model.uncheckedTargets.length > 0
      ? [labels.uncheckedSubject(model.uncheckedTargets.map((k) => k.label[language]))]
      : []),
  ];
  return parts.length > 0 ? parts.join(' · ') : null;
}

async function workbookBytes(
  snapshot: RawSnapshot,
  report: ReportConfig,
  trend: PeriodTrend | null,
): Promise<Uint8Array> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  await renderWorkbook(snapshot, {
    title: report.title,
    language: report.language,
    sections: report.sections,
    output,
    targets: report.targets,
    trend,
  });
  await ended;
  return Buffer.concat(chunks);
}
