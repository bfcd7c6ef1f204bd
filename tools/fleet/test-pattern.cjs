// A broadcaster without a camera: ffmpeg's moving test pattern with a running wall clock and a
// sine tone, pushed over RTMP exactly as OBS would. Used by the demo room of `npm start` and by
// tests that need a live stream.
'use strict';

const { spawn } = require('node:child_process');

/** ffmpeg arguments that publish the pattern to `publishUrl` (rtmp://…/live/<stream key>) in real time. */
function testPatternArgs(publishUrl, { size = '1280x720', rate = 30, label = 'Ovation demo', seconds } = {}) {
  const fontSize = Math.round(Number(size.split('x')[1]) / 10);
  // %{localtime} redraws every frame: the picture visibly moves and shows the glass-to-glass delay.
  const clock = `drawtext=text='${label}  %{localtime\\:%X}':fontsize=${fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=${Math.round(fontSize / 4)}:x=(w-tw)/2:y=h-th-${fontSize}`;
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-vf', clock,
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', String(rate), '-b:v', '1500k',
    '-c:a', 'aac', '-b:a', '64k',
    ...(seconds ? ['-t', String(seconds)] : []),
    '-f', 'flv', publishUrl,
  ];
}

/**
 * Starts publishing. Returns { child, exited, stop() }: stop() ends the stream like a broadcaster
 * pressing "stop" (SIGINT lets ffmpeg close the RTMP session), then kills it if it lingers.
 */
function startTestPattern(publishUrl, options = {}) {
  const child = spawn('ffmpeg', testPatternArgs(publishUrl, options), { stdio: ['ignore', 'ignore', 'pipe'] });
  // What ffmpeg prints names the URL, whose last segment is the stream key: kept out of what callers print.
  const key = publishUrl.split('/').pop();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const redacted = () => (key ? stderr.split(key).join('[redacted]') : stderr);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr: redacted() })));
  const stop = async (graceMs = 3000) => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  return { child, exited, stop };
}

module.exports = { testPatternArgs, startTestPattern };
