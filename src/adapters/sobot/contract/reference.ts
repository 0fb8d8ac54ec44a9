import * as z from 'zod';
import { ENDPOINTS, type EndpointName } from '../../../core/sobot/endpoints.ts';
import document from '../reference/reference.json' with { type: 'json' };

/**
 * What the API reference says each endpoint answers, read from `reference.json` (the document's
 * sections as extract.ts copied them): the envelope's fields, the fields of a row (`items object` /
 * `item object`) and of rows nested in it (`details object`), and every field name its return example
 * shows.
 */

const paramRow = z.object({ name: z.string(), type: z.string(), required: z.boolean() });
type ParamRow = z.infer<typeof paramRow>;
const referenceSchema = z.object({
  sections: z.array(
    z.object({
      title: z.string(),
      path: z.string(),
      tables: z.record(z.string(), z.array(paramRow)),
      returnExample: z.string(),
    }),
  ),
});

export interface EndpointReference {
  readonly title: string;
  /** `items` (a list of rows) or `item` (one object), as the Return param table types it. */
  readonly container: 'items' | 'item';
  /** The Return param table: the envelope, paging fields included. */
  readonly envelope: readonly ParamRow[];
  /** The fields the row table lists. */
  readonly rowFields: ReadonlySet<string>;
  /** Lists inside a row that have a table of their own (summary/search's `details`), by field. */
  readonly nested: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Every field name the return example prints, at any depth. Several examples show fields the tables
   * leave out (getStat's `source_name`, getWorkLogList's `result_date`); those are in the reference too.
   */
  readonly exampleFields: ReadonlySet<string>;
}

const sections = referenceSchema.parse(document).sections;

function referenceFor(endpoint: EndpointName): EndpointReference {
  const path = ENDPOINTS[endpoint].path;
  const section = sections.find((candidate) => candidate.path.endsWith(path));
  if (!section) throw new TypeError(`reference.json has no section for ${path}`);
  const envelope = section.tables['Return param'] ?? [];
  const container = envelope.some((row) => row.name === 'item') ? 'item' : 'items';
  const rows = section.tables[`${container} object`] ?? [];
  const nested = new Map<string, ReadonlySet<string>>();
  for (const row of rows) {
    const table = section.tables[`${row.name} object`];
    if (table) nested.set(row.name, new Set(table.map((field) => field.name)));
  }
  return {
    title: section.title,
    container,
    envelope,
    rowFields: new Set(rows.map((row) => row.name)),
    nested,
    exampleFields: new Set(
      [...section.returnExample.matchAll(/"(\w+)"\s*:/g)].map((match) => match[1] ?? ''),
    ),
  };
}

const REFERENCES = new Map<EndpointName, EndpointReference>();

export function endpointReference(endpoint: EndpointName): EndpointReference {
  let reference = REFERENCES.get(endpoint);
  if (!reference) {
    reference = referenceFor(endpoint);
    REFERENCES.set(endpoint, reference);
  }
  return reference;
}
