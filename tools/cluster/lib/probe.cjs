// One probe of a container, as the kubelet runs it: httpGet (2xx/3xx within the timeout),
// tcpSocket (a connection is accepted) or exec (exit 0 within the timeout, inside the pod).
'use strict';

const { tcpAnswers } = require('../../infra/probes.cjs');
const { containerPort } = require('./manifest.cjs');

/** Defaults of the probe fields Kubernetes documents. */
function probeTiming(probe) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/**
 * @param {object} probe the rendered probe
 * @param {{ ip: string, spec: object, exec: (command: string[], timeoutMs: number) => Promise<number> }} pod
 * @returns {Promise<boolean>}
 */
async function runProbe(probe, pod) {
  const { timeoutMs } = probeTiming(probe);
  if (probe.httpGet) {
    const { path = '/', port, scheme = 'HTTP' } = probe.httpGet;
    const url = `${scheme.toLowerCase()}://${probe.httpGet.host ?? pod.ip}:${containerPort(pod.spec, port)}${path}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 400;
    } catch {
      return false;
    }
  }
  if (probe.tcpSocket) return tcpAnswers(pod.ip, containerPort(pod.spec, probe.tcpSocket.port), timeoutMs);
  if (probe.exec) return (await pod.exec(probe.exec.command, timeoutMs)) === 0;
  throw new Error(`unsupported probe ${JSON.stringify(probe)}`);
}


module.exports = { runProbe, probeTiming };
