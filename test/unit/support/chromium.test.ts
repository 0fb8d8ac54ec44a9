import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumPath } from '../../support/chromium.ts';

describe('Function: chromiumPath', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fails with how to install Chromium when there is none, rather than letting the browser test skip', () => {
    // Prepare
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');

    // Act
    const act = () => chromiumPath();

    // Assess
    expect(act).toThrow('Chromium not found at /nonexistent/chromium');
    expect(act).toThrow('apt-get install -y chromium');
  });
});
