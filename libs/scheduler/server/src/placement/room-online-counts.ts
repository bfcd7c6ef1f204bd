/**
 * How many viewers a room has right now, across every push node. The presence data is written by
 * push nodes and aggregated by the room service (@ovation/presence); the scheduler only reads it.
 */
export interface RoomOnlineCounts {
  online(roomId: string): Promise<number>;
}
