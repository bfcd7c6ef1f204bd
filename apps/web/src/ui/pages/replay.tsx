import { useEffect, useRef, useState } from 'preact/hooks';
import type { GatewayApi } from '../../api/gateway';
import type { ReplayDocument, ReplayMessage } from '../../api/types';
import { ReplaySchedule } from '../../replay/replay-schedule';
import { paths } from '../../routes';
import { DanmakuLayer, type DanmakuLayerHandle } from '../components/danmaku-layer';
import { Link } from '../components/link';
import { useServices } from '../context';
import { Player } from '../player/player';

type Timed = ReplayMessage & { videoMs: number };

const TICK_MS = 100;
const MAX_PAGES = 50;

/** A recording with its danmaku, each shown when the video reaches the moment it was sent. */
export function ReplayPage({ documentUrl }: { documentUrl: string }) {
  const { api } = useServices();
  const layer = useRef<DanmakuLayerHandle | null>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [doc, setDoc] = useState<ReplayDocument>();
  const [schedule, setSchedule] = useState<ReplaySchedule<Timed>>();
  const [shown, setShown] = useState<Timed[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    api
      .replayDocument(documentUrl)
      .then(async (replay) => {
        setDoc(replay);
        const messages = await allMessages(api, replay.danmaku.url);
        setSchedule(new ReplaySchedule(messages.map((message) => ({ ...message, videoMs: message.offsetMs - replay.danmaku.from }))));
      })
      .catch((failure: Error) => setError(failure.message));
  }, [documentUrl]);

  useEffect(() => {
    if (!video || !schedule) return;
    const timer = setInterval(() => {
      const due = schedule.due(video.currentTime * 1000);
      if (due.length === 0) return;
      for (const message of due) layer.current?.add(message.text);
      setShown((current) => [...current, ...due].slice(-100));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [video, schedule]);

  if (error) {
    return (
      <section class="empty" role="alert">
        <h1>This replay cannot be played</h1>
        <p>{error}</p>
        <Link href={paths.directory()}>Back to live rooms</Link>
      </section>
    );
  }
  return (
    <div class="room-page">
      <section class="room-main" aria-labelledby="replay-title">
        <header class="room-head">
          <h1 id="replay-title">Replay{doc ? ` · ${new Date(doc.startedAtMs).toLocaleString()}` : ''}</h1>
          {schedule && <p class="muted">{schedule.size} danmaku</p>}
        </header>
        {doc ? (
          <Player urls={{ hls: doc.video.hls }} live={false} onVideo={setVideo}>
            <DanmakuLayer handle={layer} hidden={false} />
          </Player>
        ) : (
          <div class="stage placeholder" aria-busy="true" />
        )}
      </section>
      <aside class="room-side">
        <section class="chat-panel" aria-labelledby="replay-chat-title">
          <h2 id="replay-chat-title">Chat replay</h2>
          <ol class="chat-lines">
            {shown.map((message) => (
              <li key={message.id} class="chat-line chat">
                <span class="chat-name">{message.displayName || message.userId}</span>
                <span class="chat-text">{message.text}</span>
              </li>
            ))}
          </ol>
        </section>
      </aside>
    </div>
  );
}

async function allMessages(api: GatewayApi, url: string): Promise<ReplayMessage[]> {
  const messages: ReplayMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await api.danmakuReplay(url, cursor);
    messages.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return messages;
}
