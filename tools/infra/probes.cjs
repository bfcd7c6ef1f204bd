// Liveness checks shared by the local infrastructure (ESM) and the cluster harness (CommonJS):
// CommonJS, so both can load it on any supported Node.
const { createConnection } = require('node:net');

/** True when something accepts a TCP connection on host:port within timeoutMs. */
function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (answered) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

module.exports = { isAlive, tcpAnswers };
