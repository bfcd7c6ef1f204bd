// The bench's printout: one column per system, then Ovation relative to each other system.
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
const int = (value) => Math.round(value).toLocaleString('en-US');

const rows = [
  ['viewers (hot room)', (r) => `${int(r.viewers)} (${int(r.hotViewers)})`],
  ['open / failed connects', (r) => `${int(r.open)} / ${int(r.failedConnects)} in ${r.connectSeconds.toFixed(1)} s`],
  ['viewers open as the load began / after it', (r) => `${int(r.openAtLoad)} / ${int(r.stillOpen)}`],
  ['chat sent / accepted', (r) => `${int(r.sent)} / ${int(r.accepted)}${r.nacked ? ` (nacks ${JSON.stringify(r.nackReasons)})` : ''}`],
  ['delivered messages/s', (r) => int(r.deliveredPerSecond)],
  ['frames/s', (r) => int(r.framesPerSecond)],
  ['bytes/s', (r) => `${(r.bytesPerSecond / 1048576).toFixed(1)} MiB`],
  ['latency p50 / p95 / p99 / max', (r) => `${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)} / ${ms(r.max)} (${int(r.latencySamples)} samples)`],
  ['of which send → stamped (checks, Redis) / stamped → received (Kafka, window, writes), p50 / p99', (r) => (r.system === 'ovation' ? `${ms(r.stampP50)} / ${ms(r.stampP99)} · ${ms(r.afterStampP50)} / ${ms(r.afterStampP99)}` : 'n/a')],
  ['send → ack p50 / p99', (r) => (r.system === 'ovation' ? `${ms(r.ackP50)} / ${ms(r.ackP99)}${r.unanswered ? ` (${int(r.unanswered)} unanswered)` : ''}` : 'n/a (no acks)')],
  ['not delivered (of expected)', (r) => `${int(r.notDelivered)} of ${int(r.expected)}`],
  ['chat sampled away by the server', (r) => int(r.serverDropped)],
  ['server RSS base / idle / peak', (r) => `${(r.baseRss / 1048576).toFixed(0)} / ${(r.idleRss / 1048576).toFixed(0)} / ${(r.peakRss / 1048576).toFixed(0)} MiB`],
  ['memory per connection idle / load (RSS, garbage included)', (r) => `${kb(r.idleBytesPerConnection)} / ${kb(r.loadBytesPerConnection)}`],
  ['memory an open connection holds after a full GC: RSS / V8 heap', (r) => `${kb(r.retainedRssPerConnection)} / ${kb(r.retainedHeapPerConnection)}`],
  ['server CPU (sum of processes)', (r) => `${r.serverCpuPercent.toFixed(0)} %`],
  ['server CPU-µs per delivered message / per frame', (r) => `${r.cpuMicrosPerDelivered.toFixed(2)} / ${r.cpuMicrosPerFrame.toFixed(1)}`],
  ['delivered messages per server CPU-second', (r) => int(r.deliveredPerCpuSecond)],
  ['load-client CPU (bulk viewers / measuring clients)', (r) => `${r.clientCpuPercent.toFixed(0)} % / ${r.probeCpuPercent.toFixed(0)} %`],
  ['sockets closed during load', (r) => JSON.stringify(r.closedDuringLoad)],
  ['server processes that died', (r) => (r.serverCrashes.length ? r.serverCrashes.join('; ') : 'none')],
];

export function printReport(results, options) {
  const out = [];
  out.push(
    `\nfan-out bench: ${options.connections} viewers per system, hot room ${Math.round(options.hotFraction * 100)} %, small rooms of ${options.smallRoomSize}, ` +
      `${options.rate} chat/s for ${options.durationMs / 1000} s after ${options.warmupMs / 1000} s of warm-up, ${options.clients} load clients, servers on CPU ${options.serverCpus}, bulk clients on CPU ${options.clientCpus}, measuring clients on CPU ${options.probeCpus}\n`,
  );
  out.push(`| metric | ${results.map((r) => r.system).join(' | ')} |`);
  out.push(`|---|${results.map(() => '---').join('|')}|`);
  for (const [label, cell] of rows) out.push(`| ${label} | ${results.map(cell).join(' | ')} |`);
  const ovation = results.find((r) => r.system === 'ovation');
  for (const peer of results.filter((r) => r !== ovation && ovation)) {
    out.push('');
    out.push(
      `ovation / ${peer.system}: deliveries per server CPU-second ${ratio(ovation.deliveredPerCpuSecond, peer.deliveredPerCpuSecond, peer.system)}, ` +
        `delivered messages/s ${ratio(ovation.deliveredPerSecond, peer.deliveredPerSecond, peer.system)}, frames/s ${ratio(ovation.framesPerSecond, peer.framesPerSecond, peer.system)}, ` +
        `p99 latency ${ratio(ovation.p99, peer.p99, peer.system)}, memory an open connection holds ${ratio(ovation.retainedRssPerConnection, peer.retainedRssPerConnection, peer.system)}, ` +
        `server CPU ${ratio(ovation.serverCpuPercent, peer.serverCpuPercent, peer.system)}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `×r`, or why there is no ratio (the peer measured nothing: no message of the run reached its viewers in time). */
function ratio(ours, theirs, peer) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return `n/a (${peer} measured none)`;
  return `×${(ours / theirs).toFixed(2)}`;
}
