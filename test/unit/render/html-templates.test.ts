import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fill, Html, TemplateError } from '../../../src/core/render/markup.ts';
import { TEMPLATES } from '../../../src/core/render/templates.generated.ts';
import { buildTemplates, GENERATED_FILE } from '../../../templates/build.ts';

/** That the deployed bundle leaves the CSS inliner out is checked on the bundle: test/infra/report-bundle.test.ts. */
describe('Templates: build step', () => {
  it('has a generated file that matches the sources (run `node templates/build.ts` if not)', () => {
    // Act
    const rebuilt = buildTemplates();

    // Assess
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(rebuilt);
  });

  it('inlines the stylesheet into the fragments, so no fragment relies on a class alone', () => {
    // Act
    const card = TEMPLATES['kpi-card'];

    // Assess
    expect(card).toMatch(/class="card" [^>]*style="[^"]*border:1px solid #d5dce5/);
    expect(card).not.toContain('<style');
  });

  it('writes inline styles without the spaces juice puts in, which a large report repeats thousands of times', () => {
    // Act
    const styles = Object.values(TEMPLATES).flatMap((markup) => markup.match(/\bstyle="[^"]*"/g) ?? []);

    // Assess
    expect(styles.length).toBeGreaterThan(20);
    expect(styles.filter((style) => /[;:] |;"$/.test(style))).toEqual([]);
  });

  it('puts the nowrap attribute, which Outlook for Windows honours, beside every inlined white-space: nowrap', () => {
    // Prepare
    const cells = Object.values(TEMPLATES).flatMap((markup) => markup.match(/<t[dh]\b[^>]*>/g) ?? []);
    const unbreakable = cells.filter((tag) => tag.includes('white-space:nowrap'));

    // Assess
    expect(unbreakable.length).toBeGreaterThanOrEqual(4);
    for (const tag of unbreakable) expect(tag).toMatch(/\snowrap>$/);
    expect(TEMPLATES['td-num']).toMatch(/<td [^>]*nowrap>\{\{text\}\}<\/td>/);
  });
});

describe('Function: fill', () => {
  it('escapes text slots', () => {
    // Act
    const html = fill('note', { text: `<b>"Tom" & 'Jerry'</b>` });

    // Assess
    expect(html.markup).toContain('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  });

  it('refuses to leave a slot empty', () => {
    // Act
    const act = () => fill('note', {});

    // Assess
    expect(act).toThrow(TemplateError);
    expect(act).toThrow('{{text}}');
  });

  it('accepts only markup in a markup slot and only text in a text slot', () => {
    // Act
    const textInMarkupSlot = () => fill('section', { title: 't', body: '<b>raw</b>' });
    const markupInTextSlot = () => fill('note', { text: new Html('<b>raw</b>') });

    // Assess
    expect(textInMarkupSlot).toThrow(TemplateError);
    expect(markupInTextSlot).toThrow(TemplateError);
  });
});
