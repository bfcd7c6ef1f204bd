// `npm run migrate`: applies every service's pending migrations against the configured MySQL
// (run `npm run build` first; `npm start` does both itself).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { migrate } = require('./supervisor.cjs');
migrate({ log: console.log });
