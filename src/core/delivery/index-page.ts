import { escapeHtml } from '../render/markup.ts';
import { formatBytes, relativeHref } from './html.ts';
import { reportFolder } from './layout.ts';
import type { Manifest } from './manifest.ts';

/**
 * Static HTML indexes of the archive: `reports/<reportId>/index.html` lists a report's runs, newest
 * first, and `reports/index.html` lists the reports. Links are relative, so the pages work from the S3
 * console, a static website endpoint or the local `<out>/archive/` folder alike.
 */

export interface ReportSummary {
  readonly reportId: string;
  readonly title?: string;
  readonly runs: number;
  readonly latest?: {
    readonly label: string;
    readonly from: string;
    readonly to: string;
    readonly generatedAt: string;
  };
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#1f2937}
table{border-collapse:collapse}th,td{text-align:left;padding:.35rem .75rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f3f4f6}.failed{color:#b91c1c}ul{margin:0;padding-left:1rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Newest period first; for the same period, the latest generation first. */
export function newestFirst(a: Manifest, b: Manifest): number {
  return b.period.from.localeCompare(a.period.from) || b.generatedAt.localeCompare(a.generatedAt);
}

function runStatus(manifest: Manifest): string {
  if (manifest.error) return `failed at ${manifest.error.step}`;
  if (manifest.dryRun) return 'dry run';
  const { steps } = manifest;
  if (steps.sent === 'done') return 'sent';
  if (manifest.skipped === 'targetsMet') return 'targets met, not sent';
  if (steps.sent === 'skipped') return 'not sent';
  return `${steps.archived === 'done' ? 'archived' : 'incomplete'}`;
}

function runRow(manifest: Manifest, folder: string): string {
  const files = manifest.files
    .filter((f) => f.key.startsWith(folder))
    .map((f) => {
      const href = relativeHref(f.key.slice(folder.length));
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(f.name)}</a> (${formatBytes(f.size)})</li>`;
    })
    .join('');
  const status = runStatus(manifest);
  const range =
    manifest.period.from === manifest.period.to
      ? manifest.period.from
      : `${manifest.period.from} – ${manifest.period.to}`;
  return `<tr>
<td>${escapeHtml(manifest.period.label)}<br><small>${escapeHtml(manifest.period.kind)}</small></td>
<td>${escapeHtml(range)}</td>
<td>${escapeHtml(manifest.generatedAt)}</td>
<td${manifest.error ? ' class="failed"' : ''}>${escapeHtml(status)}</td>
<td><ul>${files}</ul></td>
</tr>`;
}

export function renderReportIndex(reportId: string, manifests: readonly Manifest[], title?: string): string {
  const folder = reportFolder(reportId);
  const heading = title ? `${title} (${reportId})` : reportId;
  const rows = [...manifests].sort(newestFirst).map((m) => runRow(m, folder));
  const table =
    rows.length === 0
      ? '<p>No runs archived yet.</p>'
      : `<table>
<thead><tr><th>Period</th><th>Range</th><th>Generated</th><th>Status</th><th>Files</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return page(
    heading,
    `<p><a href="../index.html">All reports</a></p>\n<h1>${escapeHtml(heading)}</h1>\n${table}`,
  );
}

export function renderReportsIndex(reports: readonly ReportSummary[]): string {
  const rows = [...reports]
    .sort((a, b) => a.reportId.localeCompare(b.reportId))
    .map((r) => {
      const href = relativeHref(`${r.reportId}/index.html`);
      const latest = r.latest ? `${r.latest.label} (${r.latest.generatedAt})` : '';
      return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(r.reportId)}</a></td><td>${escapeHtml(r.title ?? '')}</td><td>${r.runs}</td><td>${escapeHtml(latest)}</td></tr>`;
    });
  const table =
    rows.length === 0
      ? '<p>No reports archived yet.</p>'
      : `<table>
<thead><tr><th>Report</th><th>Title</th><th>Runs</th><th>Latest</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return page('Archived reports', `<h1>Archived reports</h1>\n${table}`);
}

export function summarize(reportId: string, manifests: readonly Manifest[], title?: string): ReportSummary {
  const latest = [...manifests].sort(newestFirst)[0];
  const reportTitle = title ?? latest?.title;
  return {
    reportId,
    ...(reportTitle === undefined ? {} : { title: reportTitle }),
    runs: manifests.length,
    ...(latest
      ? {
          latest: {
            label: latest.period.label,
            from: latest.period.from,
            to: latest.period.to,
            generatedAt: latest.generatedAt,
          },
        }
      : {}),
  };
}
