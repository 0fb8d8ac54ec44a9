import reference from '../../src/adapters/sobot/reference/reference.json' with { type: 'json' };
import { ENDPOINT_NAMES, ENDPOINTS, type EndpointName } from '../../src/core/sobot/endpoints.ts';

/** The document's sections as `extract.ts` copied them, read by path. */

export interface ParamRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

export interface ReferenceSection {
  readonly title: string;
  readonly method: string;
  readonly path: string;
  readonly tables: Readonly<Record<string, readonly ParamRow[]>>;
  readonly requestExample: string;
  readonly returnExample: string;
}

export const SECTIONS: readonly ReferenceSection[] = reference.sections;

/** "https://sg.sobot.io/api/get_token" and "/chat-static-api/..." alike → the path alone. */
export function pathOf(url: string): string {
  return new URL(url, 'https://sg.sobot.io').pathname;
}

export function sectionAt(path: string): ReferenceSection | undefined {
  return SECTIONS.find((section) => pathOf(section.path) === path);
}

/** Each catalog endpoint's return example, as printed: every one is valid JSON, so none is repaired. */
export const RETURN_EXAMPLES: ReadonlyMap<EndpointName, Readonly<Record<string, unknown>>> = new Map(
  SECTIONS.flatMap((section) => {
    const endpoint = ENDPOINT_NAMES.find((name) => section.path.endsWith(ENDPOINTS[name].path));
    return endpoint
      ? [[endpoint, JSON.parse(section.returnExample) as Record<string, unknown>] as const]
      : [];
  }),
);
