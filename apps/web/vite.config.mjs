// The browser client's bundle: Preact through esbuild's automatic JSX runtime (no plugin needed),
// built into dist/apps/web, which the gateway serves at /. `npx vite apps/web` serves it with hot
// reload and proxies the API to a gateway on :8080 (npm start).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // hls.js and mpegts.js are loaded on demand, each in its own chunk; the players are large by nature.
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
