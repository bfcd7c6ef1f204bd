import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { startEngine, type PlaybackEngine, type PlaybackMode, type Rendition } from './engines';

const RETRY_MS = 2000;

export interface PlayerProps {
  urls: { hls: string; flv?: string };
  /** Whether the video is live (the mode switch and retries make sense only then). */
  live: boolean;
  /** Drawn over the video (the danmaku layer, gift effects). */
  children?: ComponentChildren;
  onVideo?(video: HTMLVideoElement | null): void;
}

/** A <video> with the engine of the chosen mode, a quality menu and automatic retries. */
export function Player({ urls, live, children, onVideo }: PlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [mode, setMode] = useState<PlaybackMode>(() => (readMode() === 'flv' && urls.flv ? 'flv' : 'hls'));
  const [renditions, setRenditions] = useState<Rendition[]>([]);
  const [chosen, setChosen] = useState(-1);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState('');
  const engine = useRef<PlaybackEngine>();

  useEffect(() => onVideo?.(video.current), []);

  useEffect(() => {
    const element = video.current!;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const url = mode === 'flv' && urls.flv ? urls.flv : urls.hls;
    const begin = async () => {
      const started = await startEngine(mode, element, url, {
        renditions: (list) => {
          setRenditions(list);
          setProblem('');
        },
        activeRendition: setActive,
        failed: (reason) => {
          if (stopped) return;
          setProblem(live ? `Waiting for the stream… (${reason})` : `The video could not be played (${reason}).`);
          engine.current?.destroy();
          engine.current = undefined;
          retry = setTimeout(() => void begin(), RETRY_MS);
        },
      });
      if (stopped) started.destroy();
      else engine.current = started;
    };
    void begin();
    const playing = () => setProblem('');
    element.addEventListener('playing', playing);
    return () => {
      stopped = true;
      clearTimeout(retry);
      element.removeEventListener('playing', playing);
      engine.current?.destroy();
      engine.current = undefined;
      setRenditions([]);
    };
  }, [mode, urls.hls, urls.flv, live]);

  const chooseMode = (next: PlaybackMode) => {
    window.localStorage.setItem('ovation.playbackMode', next);
    setChosen(-1);
    setMode(next);
  };

  return (
    <div class="player">
      <div class="stage">
        <video ref={video} class="video" controls muted autoPlay playsInline aria-label="Live video" />
        {children}
        {problem && (
          <p class="stage-notice" role="status">
            {problem}
          </p>
        )}
      </div>
      <div class="player-controls">
        {live && urls.flv && (
          <fieldset class="segmented">
            <legend class="visually-hidden">Playback protocol</legend>
            {(['hls', 'flv'] as const).map((value) => (
              <label key={value} class={mode === value ? 'on' : ''}>
                <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => chooseMode(value)} />
                {value === 'hls' ? 'HLS' : 'HTTP-FLV (low latency)'}
              </label>
            ))}
          </fieldset>
        )}
        {renditions.length > 1 && (
          <label class="quality">
            Quality
            <select
              value={String(chosen)}
              onChange={(event) => {
                const index = Number(event.currentTarget.value);
                setChosen(index);
                engine.current?.chooseRendition(index);
              }}
            >
              <option value="-1">Auto{chosen === -1 && active >= 0 && renditions[active] ? ` (${renditions[active].label})` : ''}</option>
              {[...renditions].reverse().map((rendition) => (
                <option key={rendition.index} value={String(rendition.index)}>
                  {rendition.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </div>
  );
}

function readMode(): string | null {
  try {
    return window.localStorage.getItem('ovation.playbackMode');
  } catch {
    return null;
  }
}
