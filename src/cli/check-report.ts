import type { ContractCheck, EndpointCheck, FilterSpelling } from '../adapters/sobot/contract/check.ts';

/** `check`'s table and summary, for a terminal at least 100 columns wide. */

const MAX_WIDTH = 100;

const COLUMNS = [
  { title: 'endpoint', width: 27, align: 'left' },
  { title: 'answer', width: 14, align: 'left' },
  { title: 'shape', width: 5, align: 'left' },
  { title: 'missing', width: 7, align: 'right' },
  { title: 'extra', width: 5, align: 'right' },
  { title: 'undecoded', width: 9, align: 'right' },
  { title: 'date field', width: 12, align: 'left' },
  { title: 'filter', width: 7, align: 'left' },
] as const;

function answerOf(check: EndpointCheck): string {
  if (check.failure !== null) return 'no answer';
  if (check.retCode === '000000') return 'answered';
  return check.retCode === null ? 'no ret_code' : `refused ${check.retCode}`;
}

function cellsOf(check: EndpointCheck, filter: FilterSpelling): string[] {
  const answered = check.failure === null && check.retCode === '000000';
  const count = (list: readonly unknown[] | null) => (list === null || !answered ? '-' : String(list.length));
  const dates = check.dateFields === null ? '-' : (rowDateOf(check.dateFields) ?? 'none');
  return [
    check.endpoint,
    answerOf(check),
    !answered ? '-' : check.shapeProblems.length === 0 ? 'ok' : 'wrong',
    count(check.missing),
    count(answered ? check.extra : null),
    count(answered ? check.undecoded : null),
    answered ? dates : '-',
    check.endpoint === 'getWorkLogList' ? filter : '-',
  ];
}

/**
 * The field a row's day is read from, for the table; all of them are in the details. `start_date` and
 * `end_date` echo the range asked for, so they count only when nothing else is there.
 */
const ROW_DATE_ORDER = ['real_date', 'result_date', 'show_date'];

function rowDateOf(fields: readonly string[]): string | undefined {
  const names = fields.map((field) => field.split('.').at(-1) ?? field);
  const echoes = new Set(['start_date', 'end_date']);
  return (
    ROW_DATE_ORDER.find((name) => names.includes(name)) ?? names.find((name) => !echoes.has(name)) ?? names[0]
  );
}

function line(cells: readonly string[]): string {
  return COLUMNS.map((column, index) => {
    const cell = truncated(cells[index] ?? '', column.width);
    return column.align === 'left' ? cell.padEnd(column.width) : cell.padStart(column.width);
  })
    .join('  ')
    .trimEnd();
}

function truncated(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

const FILTER_WORDS: Record<FilterSpelling, string> = {
  table: "the Request param table's staff_ids_param narrowed the rows; the example's staff_id_list did not",
  example: "the request example's staff_id_list narrowed the rows; the table's staff_ids_param did not",
  both: 'both staff_ids_param (table) and staff_id_list (example) narrowed the rows',
  neither: 'neither staff_ids_param (table) nor staff_id_list (example) narrowed the rows',
  unknown: 'unknown: the day has fewer than two work-log rows, so no filter could narrow them',
};

/** The header, the table, the details of every endpoint that needs them, and the summary line. */
export function describeCheck(check: ContractCheck, source: string, timezone: string): string {
  const out = [
    ...wrap(`Contract check of ${source} for ${check.day} (${timezone}), against the API reference`, ''),
    '',
    line(COLUMNS.map((column) => column.title)),
    ...check.endpoints.map((endpoint) => line(cellsOf(endpoint, check.workLogFilter))),
    '',
    ...wrap(`getWorkLogList filter: ${FILTER_WORDS[check.workLogFilter]}`, ''),
  ];
  const details = check.endpoints.flatMap(detailsOf);
  if (details.length > 0) out.push('', ...details);
  out.push('', summaryOf(check));
  return `${out.join('\n')}\n`;
}

function detailsOf(check: EndpointCheck): string[] {
  const lines: string[] = [];
  const add = (label: string, items: readonly string[]) => {
    if (items.length > 0) lines.push(...wrap(`${check.endpoint} ${label}: ${items.join(', ')}`, '    '));
  };
  if (check.failure !== null) add('failed', [check.failure]);
  else if (check.retCode !== '000000') add(answerOf(check), [check.retMsg ?? '(no ret_msg)']);
  add('shape', check.shapeProblems);
  add(
    'undecoded',
    check.undecoded.map(({ path, value }) => `${path} = ${truncated(value, 30)}`),
  );
  add('missing', check.missing ?? []);
  add('not in the reference', check.extra);
  return lines;
}

export function failedEndpoints(check: ContractCheck): EndpointCheck[] {
  return check.endpoints.filter((endpoint) => !endpoint.ok);
}

function summaryOf(check: ContractCheck): string {
  const failed = failedEndpoints(check);
  const total = check.endpoints.length;
  if (failed.length === 0) return `All ${total} endpoints answer in the documented shape.`;
  const why = failed.map((endpoint) => `${endpoint.endpoint} (${reasonOf(endpoint)})`);
  return wrap(
    `${total - failed.length} of ${total} endpoints answer in the documented shape; not: ${why.join(', ')}.`,
    '',
  ).join('\n');
}

function reasonOf(check: EndpointCheck): string {
  if (check.failure !== null || check.retCode !== '000000') return answerOf(check);
  if (check.shapeProblems.length > 0) return 'shape';
  return `${check.undecoded.length} undecoded`;
}

/** Words over lines of at most MAX_WIDTH, the later ones indented; a word longer than a line is cut. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= MAX_WIDTH || current.trim() === '') {
      current = truncated(candidate, MAX_WIDTH);
      continue;
    }
    lines.push(current);
    current = truncated(`${indent}${word}`, MAX_WIDTH);
  }
  if (current !== '') lines.push(current);
  return lines;
}
