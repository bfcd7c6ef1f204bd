// `npm run bench:fanout [-- flags]`: the fan-out benchmark (docs/benchmarks.md). Everything on
// 127.0.0.x, bounded in time and count: N viewer sockets over one hot room and many small ones,
// M chat/s into the hot room, first against Ovation's push nodes, then against a plain Socket.IO
// room broadcast under the identical load. Needs `npm run build` and the infrastructure up.
import { parseOptions } from './options.mjs';
import { printReport } from './report.mjs';
import { runScenario } from './scenario.mjs';
import { startOvation } from './targets/ovation.mjs';
import { startSocketIo } from './targets/socketio.mjs';
import { startBare } from './targets/bare.mjs';

const log = (line) => process.stdout.write(`[bench:fanout] ${line}\n`);
const options = parseOptions(process.argv.slice(2));
const systems = { bare: (o) => startBare(o, 2), ovation: startOvation, socketio: (o) => startSocketIo(o, 2) };
const results = [];

for (const name of options.systems) {
  if (!systems[name]) throw new Error(`unknown system ${name}: choose from ${Object.keys(systems).join(', ')}`);
  const target = await systems[name](options, log);
  try {
    results.push(await runScenario(target, options, log));
  } finally {
    if (process.env.BENCH_LOGS && target.recentLogs) process.stdout.write(`${target.recentLogs()}\n`);
    await target.stop();
  }
}
printReport(results, options);
