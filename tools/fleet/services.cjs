// The fleet: every process `npm start` runs, with its default ports (ARCHITECTURE.md's local
// topology). Integration tests start the same processes with a port offset.
'use strict';

const SERVICES = [
  { name: 'room', app: 'room', migrates: true, ports: { GRPC_PORT: 50051, OPS_PORT: 9402 } },
  { name: 'gift', app: 'gift', migrates: true, ports: { GRPC_PORT: 50052, OPS_PORT: 9403 } },
  { name: 'scheduler', app: 'scheduler', ports: { GRPC_PORT: 50053, OPS_PORT: 9406 } },
  { name: 'danmaku-push-1', app: 'danmaku-push', migrates: true, ports: { WS_PORT: 8090, GRPC_PORT: 50054, OPS_PORT: 9404 } },
  { name: 'danmaku-push-2', app: 'danmaku-push', migrates: true, ports: { WS_PORT: 8091, GRPC_PORT: 50064, OPS_PORT: 9414 } },
  { name: 'ingest', app: 'ingest', ports: { RTMP_PORT: 1935, FLV_PORT: 8000, GRPC_PORT: 50055, OPS_PORT: 9405 } },
  { name: 'playback', app: 'playback', ports: { HTTP_PORT: 8082, GRPC_PORT: 50056, OPS_PORT: 9407 } },
  { name: 'gateway', app: 'gateway', ports: { HTTP_PORT: 8080, OPS_PORT: 9401 } },
];

// Ports that fetch() and browsers refuse to connect to (the WHATWG "bad ports" list, above 1024).
const FETCH_BLOCKED_PORTS = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

// Linux hands out 32768–60999 as local ports of outgoing connections (ip_local_port_range): a
// listener there can find its port taken by some client's socket. The default gRPC ports
// (5005x) sit in it, so shifted fleets also move gRPC down by this much, below the range.
const EPHEMERAL_PORTS = { from: 32768, to: 60999 };
const GRPC_SHIFT = -30000;

/**
 * Ports of one fleet instance, shifted by `offset` so a test fleet never collides with a dev
 * fleet, nor (offset > 0) with the local ports of outgoing connections.
 */
function portsOf(service, offset = 0) {
  return Object.fromEntries(
    Object.entries(service.ports).map(([key, base]) => {
      const port = base + offset + (offset && key === 'GRPC_PORT' ? GRPC_SHIFT : 0);
      if (FETCH_BLOCKED_PORTS.has(port)) throw new Error(`port offset ${offset} puts ${service.name} ${key} on ${port}, which fetch refuses`);
      if (offset && port >= EPHEMERAL_PORTS.from && port <= EPHEMERAL_PORTS.to) {
        throw new Error(`port offset ${offset} puts ${service.name} ${key} on ${port}, in the ephemeral range outgoing connections take ports from`);
      }
      return [key, port];
    }),
  );
}

function find(name) {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`no service named ${name}`);
  return service;
}

/** How the services find each other, for one fleet instance. */
function discoveryEnv(offset = 0) {
  const grpc = (name) => `127.0.0.1:${portsOf(find(name), offset).GRPC_PORT}`;
  const push = ['danmaku-push-1', 'danmaku-push-2'].map((n) => `ws://127.0.0.1:${portsOf(find(n), offset).WS_PORT}/ws`);
  return {
    ROOM_GRPC_URL: grpc('room'),
    GIFT_GRPC_URL: grpc('gift'),
    SCHEDULER_GRPC_URL: grpc('scheduler'),
    INGEST_GRPC_URL: grpc('ingest'),
    PLAYBACK_GRPC_URL: grpc('playback'),
    PUSH_GRPC_URL: grpc('danmaku-push-1'),
    PUSH_FALLBACK_URLS: push.join(','),
    PLAYBACK_PUBLIC_URL: `http://127.0.0.1:${portsOf(find('playback'), offset).HTTP_PORT}`,
    RTMP_PUBLIC_URL: `rtmp://127.0.0.1:${portsOf(find('ingest'), offset).RTMP_PORT}/live`,
    GATEWAY_PUBLIC_URL: `http://127.0.0.1:${portsOf(find('gateway'), offset).HTTP_PORT}`,
    // The local ingest node's media directory, which playback reads too (a shared volume in a cluster).
    MEDIA_DIR: require('node:path').resolve(__dirname, '../../.ovation/media', `ingest-${offset}`),
  };
}

module.exports = { SERVICES, portsOf, discoveryEnv, find };
