import type * as z from 'zod';
import { CONDITION_REQUESTS } from '../../../core/sections/dimensions.ts';
import { SECTIONS } from '../../../core/sections/registry.ts';
import { partsOf } from '../../../core/sections/section.ts';
import { decodeValue } from '../../../core/sobot/decode.ts';
import { ENDPOINTS, type EndpointName } from '../../../core/sobot/endpoints.ts';

/**
 * Which values of an answer the report could not read: the run's own tolerant reader
 * (src/core/sobot/decode.ts) with the row schemas the sections and the condition lists declare, so
 * the check names exactly the values a report would show blank.
 */

export interface UndecodedValue {
  /** `items[0].online_duration`, `item.good_rate_str`, `items[0].details.real_date`. */
  readonly path: string;
  /** As a report's note shows it: JSON, shortened, opaque strings withheld (`"n/a"`, `true`). */
  readonly value: string;
}

const ROW_SCHEMAS: ReadonlyMap<EndpointName, z.ZodType> = new Map([
  ...SECTIONS.flatMap((section) => partsOf(section).map(({ part }) => [part.endpoint, part.schema] as const)),
  ...Object.values(CONDITION_REQUESTS).map((request) => [request.endpoint, request.schema] as const),
]);

export function undecodedValues(endpoint: EndpointName, answer: unknown): UndecodedValue[] {
  const schema = ROW_SCHEMAS.get(endpoint);
  if (!schema || !isRecord(answer)) return [];
  const container = ENDPOINTS[endpoint].answer;
  const rows = answer[container];
  if (container === 'item') return isRecord(rows) ? valuesNotRead(endpoint, schema, rows, 'item') : [];
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row, index) => valuesNotRead(endpoint, schema, row, `items[${index}]`));
}

function valuesNotRead(endpoint: string, schema: z.ZodType, row: unknown, at: string): UndecodedValue[] {
  // A row that is not an object is a shape problem, which the verdict names on its own.
  if (!isRecord(row)) return [];
  try {
    return decodeValue(endpoint, schema, row, at).unread.map(({ field, value }) => ({
      path: `${at}.${field}`,
      value,
    }));
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
