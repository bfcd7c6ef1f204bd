import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (tools/infra/chromium.mjs installs it); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tests. Playwright gives every launch a new, empty profile
 * directory (it owns --user-data-dir), so no state leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    timeout: 30_000,
  });
}
