// Chromium for the web client's browser tests: Debian's package (playwright-core drives it through
// its executablePath; no browser is ever downloaded), installed only when it is missing.
import { ensureDebianPackage } from './debian-package.mjs';

/** Where the browser tests find it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function ensureChromium(log = console.log) {
  await ensureDebianPackage({ command: CHROMIUM_PATH, pkg: 'chromium', log });
  // The client's icons are emoji; without a color emoji font its screenshots show empty boxes.
  await ensureDebianPackage({ file: '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', pkg: 'fonts-noto-color-emoji', log });
}
