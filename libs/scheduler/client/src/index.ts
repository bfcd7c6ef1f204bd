export { CpuClock, cpuShareMeter } from './cpu-share';
export { NodeHeartbeat, NodeHeartbeatOptions, startNodeHeartbeat } from './node-heartbeat';
