import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/http';
import type { JoinInfo, Room } from '../../api/types';
import { DanmakuConnection, FinalJoinError, type ConnectionStatus, type SocketFactory } from '../../danmaku/connection';
import { nackMessage } from '../../danmaku/nack-messages';
import type { RoomEvent } from '../../danmaku/protocol';
import { GiftCombos, type GiftBanner } from '../../gifts/combos';
import type { DanmakuLayerHandle } from '../components/danmaku-layer';
import { useServices } from '../context';

export interface ChatLine {
  key: string;
  kind: 'chat' | 'gift' | 'system' | 'pending';
  userId: string;
  name: string;
  text: string;
  own: boolean;
}

const MAX_LINES = 200;
const STATUS_NAMES: Record<string, Room['status']> = { ROOM_STATUS_CREATED: 'created', ROOM_STATUS_LIVE: 'live', ROOM_STATUS_ENDED: 'ended' };

/** The browser's WebSocket behind the connection's small socket interface. */
const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event) => typeof event.data === 'string' && handlers.onMessage(event.data);
  socket.onclose = (event) => handlers.onClose(event.code, event.reason);
  return { send: (data) => socket.readyState === WebSocket.OPEN && socket.send(data), close: (code, reason) => socket.close(code, reason) };
};

/** Everything live about one room for one viewer: the join, the socket, and what it shows. */
export function useRoomSession(roomId: string, layer: { current: DanmakuLayerHandle | null }) {
  const { api, session, identity } = useServices();
  const [join, setJoin] = useState<JoinInfo>();
  const [joinError, setJoinError] = useState('');
  const [status, setStatus] = useState<{ status: ConnectionStatus; detail?: string }>({ status: 'connecting' });
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [likes, setLikes] = useState(0);
  const [online, setOnline] = useState<number>();
  const [roomStatus, setRoomStatus] = useState<Room['status']>();
  const [banners, setBanners] = useState<GiftBanner[]>([]);
  const [notice, setNotice] = useState<{ text: string; at: number }>();
  const [giftTick, setGiftTick] = useState(0);
  const connection = useRef<DanmakuConnection>();
  const combos = useMemo(() => new GiftCombos(), [roomId]);
  const userId = identity?.userId;

  useEffect(() => {
    let firstJoin: Promise<JoinInfo> | undefined;
    const joinRoom = async () => {
      try {
        return await api.join(await session.token(), roomId);
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'room_ended' || error.status === 404)) throw new FinalJoinError('ended', error.message);
        throw error;
      }
    };
    firstJoin = joinRoom();
    firstJoin.then(
      (info) => {
        setJoin(info);
        setOnline(info.room.onlineCount);
        setRoomStatus(info.room.status);
      },
      (error: Error) => setJoinError(error.message),
    );
    const append = (added: ChatLine[]) => setLines((current) => [...current, ...added].slice(-MAX_LINES));
    const conn = new DanmakuConnection({
      join: async () => {
        // The page's own join serves the first connection; every reconnect joins afresh (new token, maybe a new node).
        const info = await (firstJoin ?? joinRoom());
        firstJoin = undefined;
        return info;
      },
      openSocket: browserSocket,
      listener: {
        status: (next, detail) => setStatus({ status: next, detail }),
        events: (events) => {
          const added: ChatLine[] = [];
          for (const event of events) added.push(...show(event));
          if (added.length > 0) append(added);
        },
        ack: (clientMsgId) => setLines((current) => current.filter((line) => line.key !== clientMsgId)),
        nack: (clientMsgId, reason, retryAfterMs) => {
          setLines((current) => current.filter((line) => line.key !== clientMsgId));
          setNotice({ text: nackMessage(reason, retryAfterMs), at: Date.now() });
        },
        notice: (code, message) => {
          if (code === 'resume_gap_too_old') append([systemLine('Reconnected after a long gap: some messages were missed.')]);
          else setNotice({ text: message, at: Date.now() });
        },
      },
    });
    const show = (event: RoomEvent): ChatLine[] => {
      switch (event.type) {
        case 'chat': {
          const own = !!userId && event.payload.userId === userId;
          layer.current?.add(event.payload.text ?? '', { own });
          return [{ key: `p${event.position}`, kind: 'chat', userId: event.payload.userId ?? '', name: event.payload.displayName || event.payload.userId || '?', text: event.payload.text ?? '', own }];
        }
        case 'like':
          setLikes((total) => total + (event.payload.count ?? 0));
          return [];
        case 'gift': {
          setBanners(combos.add(event.payload, Date.now()));
          setGiftTick((n) => n + 1);
          const count = event.payload.count ?? 1;
          return [{ key: `p${event.position}`, kind: 'gift', userId: event.payload.senderId ?? '', name: event.payload.senderName || event.payload.senderId || '?', text: `sent ${event.payload.giftName || event.payload.giftId}${count > 1 ? ` ×${count}` : ''}`, own: !!userId && event.payload.senderId === userId }];
        }
        case 'online':
          setOnline(event.payload.connections ?? 0);
          return [];
        case 'state': {
          const next = STATUS_NAMES[event.payload.to ?? ''];
          if (next) setRoomStatus(next);
          return next === 'ended' ? [systemLine('The stream has ended.')] : next === 'live' ? [systemLine('The stream is live.')] : [];
        }
        case 'system':
          return event.payload.text ? [systemLine(event.payload.text)] : [];
      }
    };
    connection.current = conn;
    conn.start();
    return () => conn.stop();
  }, [roomId, userId]);

  // Banners fade on their own: look again when the next one is due to go.
  useEffect(() => {
    if (banners.length === 0) return;
    const next = Math.min(...banners.map((banner) => banner.untilMs)) - Date.now();
    const timer = setTimeout(() => setBanners(combos.visible(Date.now())), Math.max(50, next));
    return () => clearTimeout(timer);
  }, [banners]);

  return {
    join,
    joinError,
    status,
    lines,
    likes,
    online,
    roomStatus,
    banners,
    notice,
    giftTick,
    setNotice: (text: string) => setNotice({ text, at: Date.now() }),
    sendChat(text: string) {
      const conn = connection.current;
      if (!conn || !identity) return;
      const key = conn.sendChat(text);
      setLines((current) => [...current, { key, kind: 'pending' as const, userId: identity.userId, name: identity.displayName, text, own: true }].slice(-MAX_LINES));
    },
    like: () => connection.current?.like(1),
  };
}

let systemLines = 0;
function systemLine(text: string): ChatLine {
  systemLines += 1;
  return { key: `s${systemLines}`, kind: 'system', userId: '', name: '', text, own: false };
}
