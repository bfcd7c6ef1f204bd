import { roomV1 } from '@ovation/contracts';
import type { StreamEvent } from '../stream/stream-event';
import { ChatBudget } from './chat-budget';
import { roomPace } from './room-pace';
import { chatCountOf, composeLiveBatch, withoutChat } from './compose-batch';
import { LikeTally } from './like-tally';

const base = { roomId: 'r', atMs: '1' };
const chat = (position: number): StreamEvent => ({
  position,
  event: { ...base, chat: { messageId: `m${position}`, clientMsgId: '', userId: 'u', displayName: '', text: 't', role: roomV1.RoomRole.ROOM_ROLE_VIEWER } },
});
const like = (position: number, userId: string, count: number): StreamEvent => ({ position, event: { ...base, like: { userId, count } } });
const gift = (position: number): StreamEvent => ({
  position,
  event: { ...base, gift: { orderId: `o${position}`, senderId: 's', senderName: '', giftId: 'g', giftName: '', count: 1, combo: 1, totalValue: '1', tier: 0 as never } },
});
const state = (position: number): StreamEvent => ({
  position,
  event: { ...base, state: { from: roomV1.RoomStatus.ROOM_STATUS_CREATED, to: roomV1.RoomStatus.ROOM_STATUS_LIVE, reason: '' } },
});
const positions = (events: StreamEvent[]) => events.map((e) => e.position);

describe('composeLiveBatch', () => {
  it('passes a window through untouched when within the allowance', () => {
    const window = [chat(1), gift(2), chat(3)];
    expect(composeLiveBatch(window, 10)).toEqual({ events: window, droppedChat: 0 });
  });

  it('samples chat evenly down to the allowance but never drops gifts or state', () => {
    const window = [state(1), ...Array.from({ length: 10 }, (_, i) => chat(10 + i)), gift(30), chat(31), gift(32)];
    const batch = composeLiveBatch(window, 3);
    expect(batch.droppedChat).toBe(8);
    expect(batch.events.filter((e) => e.event.gift || e.event.state).map((e) => e.position)).toEqual([1, 30, 32]);
    expect(batch.events.filter((e) => e.event.chat).map((e) => e.position)).toEqual([13, 17, 31]);
    expect(positions(batch.events)).toEqual([...positions(batch.events)].sort((a, b) => a - b));
  });

  it('drops all chat at a zero allowance', () => {
    expect(composeLiveBatch([chat(1), gift(2)], 0)).toEqual({ events: [gift(2)], droppedChat: 1 });
  });

  it('sums likes into one event at the position of the last like', () => {
    const batch = composeLiveBatch([like(1, 'a', 2), chat(2), like(3, 'b', 5), gift(4)], 10);
    expect(batch.events).toEqual([chat(2), { position: 3, event: { ...base, like: { userId: '', count: 7 } } }, gift(4)]);
  });

  it('keeps the user of likes that all came from one user', () => {
    expect(composeLiveBatch([like(1, 'a', 2), like(2, 'a', 3)], 10).events).toEqual([{ position: 2, event: { ...base, like: { userId: 'a', count: 5 } } }]);
  });

  it('counts chat of a window', () => {
    expect(chatCountOf([chat(1), gift(2), chat(3)])).toBe(2);
  });
});

describe('withoutChat', () => {
  it('leaves only the undroppable events and counts the chat it removed', () => {
    expect(withoutChat({ events: [chat(1), gift(2), chat(3), state(4)], droppedChat: 5 })).toEqual({ events: [gift(2), state(4)], droppedChat: 7 });
  });
});

describe('ChatBudget', () => {
  it('grants a second worth at once, then refills at the rate', () => {
    const budget = new ChatBudget(0);
    expect(budget.take(150, 0, 100)).toBe(100);
    expect(budget.take(150, 100, 100)).toBe(10);
    expect(budget.take(5, 200, 100)).toBe(5);
    expect(budget.take(500, 10_000, 100)).toBe(100);
  });

  it('follows a rate that changes: never more than a second of the current rate', () => {
    const budget = new ChatBudget(0);
    expect(budget.take(50, 0, 100)).toBe(50);
    expect(budget.take(500, 0, 20)).toBe(20);
    expect(budget.take(500, 500, 20)).toBe(10);
    expect(budget.take(500, 1000, 100)).toBe(50);
  });
});

describe('roomPace', () => {
  const limits = { windowMs: 50, maxWindowMs: 250, framesPerSecond: 20_000, chatPerSecond: 300, deliveriesPerSecond: 250_000 };

  it('leaves a room with few sockets at the shortest window and the full chat rate', () => {
    expect(roomPace(20, limits)).toEqual({ windowMs: 50, chatPerSecond: 300 });
    expect(roomPace(0, limits)).toEqual({ windowMs: 50, chatPerSecond: 300 });
  });

  it('stretches the window so the room stays within its frames a second, up to the longest window', () => {
    expect(roomPace(2_000, limits).windowMs).toBe(100);
    expect(roomPace(4_000, limits).windowMs).toBe(200);
    expect(roomPace(50_000, limits).windowMs).toBe(250);
  });

  it('samples chat down to the delivery budget, but never below a message a second', () => {
    expect(roomPace(1_000, limits).chatPerSecond).toBe(250);
    expect(roomPace(5_000, limits).chatPerSecond).toBe(50);
    expect(roomPace(1_000_000, limits).chatPerSecond).toBe(1);
  });

  it('keeps a configured chat rate of zero (chat off) and a longest window below the shortest means no stretching', () => {
    expect(roomPace(5_000, { ...limits, chatPerSecond: 0 }).chatPerSecond).toBe(0);
    expect(roomPace(5_000, { ...limits, maxWindowMs: 10 }).windowMs).toBe(50);
  });
});

describe('LikeTally', () => {
  it('sums per room and user and starts over after a drain', () => {
    const tally = new LikeTally();
    tally.add('r1', 'a', 2);
    tally.add('r1', 'a', 3);
    tally.add('r2', 'a', 1);
    expect(tally.drain()).toEqual([
      { roomId: 'r1', userId: 'a', count: 5 },
      { roomId: 'r2', userId: 'a', count: 1 },
    ]);
    expect(tally.drain()).toEqual([]);
  });
});
