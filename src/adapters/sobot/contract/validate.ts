import { dayOf } from '../../../core/sobot/decode.ts';
import { type EndpointName, RET_CODE } from '../../../core/sobot/endpoints.ts';
import { endpointReference } from './reference.ts';
import { type UndecodedValue, undecodedValues } from './undecoded.ts';

/** What one answer shows against the reference. */
export interface AnswerVerdict {
  /** The answer's ret_code, as sent (a number is padded to six digits); null when there was none. */
  readonly retCode: string | null;
  readonly retMsg: string | null;
  /** The envelope against the Return param table: `items: expected a list`, `page_count: missing`. */
  readonly shapeProblems: readonly string[];
  /** Rows (of `items`, or 1 for an `item`) the answer carried. */
  readonly rows: number;
  /** Row-table fields no row carried (`details.real_date` for a nested row); null without rows. */
  readonly missing: readonly string[] | null;
  /** Fields a row carried that neither the row table nor the return example names. */
  readonly extra: readonly string[];
  readonly undecoded: readonly UndecodedValue[];
  /** The fields a report would read each row's day from (`real_date`, `result_date`, …); null without rows. */
  readonly dateFields: readonly string[] | null;
}

export function judgeAnswer(endpoint: EndpointName, body: unknown): AnswerVerdict {
  const envelope = isRecord(body) ? body : undefined;
  const retCode = retCodeOf(envelope?.ret_code);
  const retMsg = typeof envelope?.ret_msg === 'string' ? envelope.ret_msg : null;
  const none = { missing: null, extra: [], undecoded: [], dateFields: null, rows: 0 };
  if (!envelope) return { retCode, retMsg, shapeProblems: ['(body): expected a JSON object'], ...none };
  // A refusal carries only ret_code and ret_msg; its shape says nothing about the endpoint's answers.
  if (retCode !== RET_CODE.ok) return { retCode, retMsg, shapeProblems: [], ...none };

  const reference = endpointReference(endpoint);
  const shapeProblems = envelopeProblems(endpoint, envelope);
  const content = envelope[reference.container];
  const rows = (Array.isArray(content) ? content : isRecord(content) ? [content] : []).filter(isRecord);
  if (rows.length === 0) return { retCode, retMsg, shapeProblems, ...none };

  const carried = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) carried.add(key);
    for (const [field] of reference.nested) {
      const inner = row[field];
      if (!Array.isArray(inner)) continue;
      for (const entry of inner.filter(isRecord))
        for (const key of Object.keys(entry)) carried.add(`${field}.${key}`);
    }
  }
  const documented = new Set([
    ...reference.rowFields,
    ...[...reference.nested].flatMap(([field, names]) => [...names].map((name) => `${field}.${name}`)),
  ]);
  const named = (key: string) =>
    documented.has(key) || reference.exampleFields.has(key.split('.').at(-1) ?? key);
  return {
    retCode,
    retMsg,
    shapeProblems,
    rows: rows.length,
    missing: [...documented].filter((field) => !carried.has(field)),
    extra: [...carried].filter((field) => !named(field)),
    undecoded: undecodedValues(endpoint, envelope),
    dateFields: dayFieldsOf(rows, [...reference.nested.keys()]),
  };
}

/** Which of the run's own day fields (decode.ts) give the rows, or the rows they nest, a readable day. */
function dayFieldsOf(rows: readonly Record<string, unknown>[], nestedFields: readonly string[]): string[] {
  const found = new Set<string>();
  for (const row of rows) {
    const own = dayOf(row);
    if (own) found.add(own.field);
    for (const field of nestedFields) {
      const inner = row[field];
      for (const entry of Array.isArray(inner) ? inner : []) {
        const nested = dayOf(entry);
        if (nested) found.add(`${field}.${nested.field}`);
      }
    }
  }
  return [...found];
}

/**
 * The envelope against the Return param table: every field it marks required is there, and the rows
 * are a list (`items`) or an object (`item`).
 *
 * The reference contradicts itself on the paging fields: getServiceList's Return param table marks
 * `page_count` "Yes" (required), while its return example has `"page_no": 1, "total_count": 3,
 * "page_size": 15` and no page_count. Where the example leaves out a field the table requires, the
 * example is taken as what the API sends, and the field's absence is not a problem.
 */
function envelopeProblems(endpoint: EndpointName, envelope: Record<string, unknown>): string[] {
  const reference = endpointReference(endpoint);
  const problems: string[] = [];
  for (const field of reference.envelope) {
    const value = envelope[field.name];
    if (value === undefined || value === null) {
      if (field.required && reference.exampleFields.has(field.name)) problems.push(`${field.name}: missing`);
      continue;
    }
    if (field.type === 'List' && !Array.isArray(value)) problems.push(`${field.name}: expected a list`);
    if (field.type === 'Object' && !isRecord(value)) problems.push(`${field.name}: expected an object`);
  }
  return problems;
}

function retCodeOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value).padStart(6, '0');
  return typeof value === 'string' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
