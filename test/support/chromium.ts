import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core, which never downloads a browser of its own. `.ci/run`
 * installs the package when it is missing; CHROMIUM_PATH points at another build.
 */
const DEFAULT_PATH = '/usr/bin/chromium';

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || DEFAULT_PATH;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${path}: install Debian's chromium (sudo apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true });
}
