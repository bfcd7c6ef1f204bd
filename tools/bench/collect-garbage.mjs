// Full garbage collection in a running Node process, from outside and without flags: SIGUSR1
// opens its inspector on 127.0.0.1:9229, a session asks for the collection and the heap in use,
// then closes the inspector again (one process at a time: they would share the port).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

const INSPECTOR = 'http://127.0.0.1:9229/json/list';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function inspectorTarget(pid) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const targets = await fetch(INSPECTOR).then((response) => response.json()).catch(() => []);
    if (targets.length) return targets[0].webSocketDebuggerUrl;
    await sleep(100);
  }
  throw new Error(`the inspector of process ${pid} did not open on 127.0.0.1:9229`);
}

async function inspectorClosed() {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!(await fetch(INSPECTOR).then(() => true).catch(() => false))) return;
    await sleep(100);
  }
  throw new Error('the inspector on 127.0.0.1:9229 did not close');
}

/** Collects garbage in `pid` and returns its V8 heap in use afterwards (bytes). */
export async function collectGarbage(pid) {
  process.kill(pid, 'SIGUSR1');
  const ws = new WebSocket(await inspectorTarget(pid));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const reply = JSON.parse(data);
    pending.get(reply.id)?.(reply);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('HeapProfiler.collectGarbage');
  const { result } = await call('Runtime.getHeapUsage');
  // The services are CommonJS: their main module can require the inspector module to close it.
  ws.send(JSON.stringify({ id: ++id, method: 'Runtime.evaluate', params: { expression: "process.mainModule.require('node:inspector').close()" } }));
  await inspectorClosed();
  ws.terminate();
  return result.usedSize;
}
