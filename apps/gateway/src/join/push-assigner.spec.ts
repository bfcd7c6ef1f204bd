import pino from 'pino';
import type { SchedulerClient } from '../downstream/downstream.module';
import { PushAssigner, roomUrl } from './push-assigner';

const logger = pino({ level: 'silent' });
const scheduler = (assignViewer: SchedulerClient['assignViewer']) => ({ assignViewer }) as unknown as SchedulerClient;

describe('the push URL a join hands out', () => {
  it('carries the room, so a proxy in front of the push nodes can hash on it', async () => {
    const assigner = new PushAssigner(scheduler(async () => ({ wsUrl: 'wss://live.example.com/ws', nodeId: 'push-0' })), [], logger);
    await expect(assigner.assign('r_42', 'alice')).resolves.toEqual({ url: 'wss://live.example.com/ws?room=r_42', nodeId: 'push-0', degraded: false });
  });

  it('carries the room on a fallback URL too', async () => {
    const down = scheduler(async () => {
      throw new Error('unavailable');
    });
    const assigner = new PushAssigner(down, ['ws://10.0.0.7:8090/ws'], logger);
    await expect(assigner.assign('r_42', 'alice')).resolves.toEqual({ url: 'ws://10.0.0.7:8090/ws?room=r_42', nodeId: '', degraded: true });
  });

  it('encodes the room and keeps a query the URL already has', () => {
    expect(roomUrl('wss://live.example.com/ws?region=eu', 'a b&c')).toBe('wss://live.example.com/ws?region=eu&room=a+b%26c');
    expect(roomUrl('ws://push-0.example.com:8090/ws?room=stale', 'r_1')).toBe('ws://push-0.example.com:8090/ws?room=r_1');
  });
});
