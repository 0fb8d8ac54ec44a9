import * as z from 'zod';
import { CONDITION_REQUESTS } from '../../../core/sections/dimensions.ts';
import { SECTIONS } from '../../../core/sections/registry.ts';
import { partsOf } from '../../../core/sections/section.ts';
import { ENDPOINTS, type EndpointName } from '../../../core/sobot/endpoints.ts';

/**
 * The one place the check asks which values of an answer the report could not read. It walks the row
 * schemas the sections and the condition lists declare and tries each field on its own, so one bad value
 * is named instead of failing the row. This is the seam for the tolerant reader (src/core/sobot): when it
 * exports its own "unread values" for an endpoint's raw answer, this function becomes a call to it.
 */

export interface UndecodedValue {
  /** `items[0].online_duration`, `item.good_rate_str`, `items[0].details[1].real_date`. */
  readonly path: string;
  readonly value: unknown;
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
  if (container === 'item') return isRecord(rows) ? valuesNotRead(schema, rows, 'item') : [];
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row, index) => valuesNotRead(schema, row, `items[${index}]`));
}

function valuesNotRead(schema: z.ZodType, value: unknown, path: string): UndecodedValue[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isRecord(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(shape).flatMap(([key, field]) =>
      value[key] === undefined ? [] : valuesNotRead(field, value[key], `${path}.${key}`),
    );
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((element, index) =>
      valuesNotRead(inner.element as z.ZodType, element, `${path}[${index}]`),
    );
  }
  return schema.safeParse(value).success ? [] : [{ path, value }];
}

/** Through `.optional()`, `.nullable()` and `z.lazy` to the object or array underneath, if any. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodLazy
    ) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
