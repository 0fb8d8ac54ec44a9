import { TEMPLATES, type TemplateName } from './templates.generated.ts';

/**
 * The whole templating engine: pre-inlined fragments with `{{text}}` slots, which are always
 * HTML-escaped, and `{{{markup}}}` slots, which only take `Html` built by this module. A value is
 * never scanned for slots again, so `{{x}}` in a department name stays text.
 */

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** Markup this module produced (or escaped), as opposed to text from the API. */
export class Html {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

type SlotValue = string | number | Html;

const SLOT = /\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g;

export function fill(name: TemplateName, values: Readonly<Record<string, SlotValue>>): Html {
  const markup = TEMPLATES[name].replace(SLOT, (_, rawSlot?: string, textSlot?: string) => {
    const slot = rawSlot ?? textSlot ?? '';
    const value = values[slot];
    if (value === undefined) throw new TemplateError(`template "${name}" has no value for {{${slot}}}`);
    if (rawSlot !== undefined) {
      if (!(value instanceof Html)) {
        throw new TemplateError(`template "${name}" slot {{{${slot}}}} takes markup, not text`);
      }
      return value.markup;
    }
    if (value instanceof Html)
      throw new TemplateError(`template "${name}" slot {{${slot}}} takes text, not markup`);
    return escapeHtml(String(value));
  });
  return new Html(markup);
}

/**
 * A file name or path that may wrap after each `/`, `_`, `-` or `.`: on a phone it breaks between its
 * words instead of wherever the line ends (`<wbr>`; a client that drops it falls back to breaking a
 * part that does not fit, as the CSS's `overflow-wrap` says).
 */
export function breakable(value: string): Html {
  return new Html(escapeHtml(value).replace(/([/_.-])(?=.)/g, '$1<wbr>'));
}

export function join(parts: readonly Html[]): Html {
  return new Html(parts.map((p) => p.markup).join(''));
}

export const NOTHING = new Html('');
