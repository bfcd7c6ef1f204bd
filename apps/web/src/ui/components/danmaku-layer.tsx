import { useEffect, useRef } from 'preact/hooks';
import { LaneAllocator } from '../../danmaku/lanes';

export interface DanmakuLayerHandle {
  /** Flies a comment across the video (queued briefly when every lane is busy). */
  add(text: string, options?: { own?: boolean }): void;
}

const DURATION_MS = 8000;
const MAX_WAITING = 60;
const RETRY_MS = 150;
/** The bottom of the video stays clear (subtitles, the player's controls). */
const USED_HEIGHT = 0.8;

/** The bullet-comment layer over the video; its DOM is driven directly, outside Preact's renders. */
export function DanmakuLayer({ handle, hidden }: { handle: { current: DanmakuLayerHandle | null }; hidden: boolean }) {
  const layer = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const stage = new DanmakuStage(layer.current!);
    handle.current = stage;
    return () => {
      stage.dispose();
      handle.current = null;
    };
  }, []);

  return <div ref={layer} class={`danmaku-layer${hidden ? ' off' : ''}`} aria-hidden="true" data-testid="danmaku-layer" />;
}

class DanmakuStage implements DanmakuLayerHandle {
  private allocator: LaneAllocator;
  private laneHeight = 32;
  private waiting: HTMLElement[] = [];
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly resizeObserver: ResizeObserver;

  constructor(private readonly element: HTMLElement) {
    this.allocator = new LaneAllocator(this.geometry());
    this.resizeObserver = new ResizeObserver(() => this.allocator.resize(this.geometry()));
    this.resizeObserver.observe(element);
  }

  add(text: string, options: { own?: boolean } = {}): void {
    const item = document.createElement('span');
    item.className = `danmaku-item${options.own ? ' own' : ''}`;
    item.textContent = text;
    item.dataset.text = text;
    this.element.appendChild(item);
    if (!this.launch(item)) {
      this.waiting.push(item);
      // A flood cannot grow without bound: the oldest waiting comments are dropped.
      while (this.waiting.length > MAX_WAITING) this.waiting.shift()!.remove();
      this.scheduleRetry();
    }
  }

  dispose(): void {
    clearTimeout(this.retryTimer);
    this.resizeObserver.disconnect();
    this.element.replaceChildren();
  }

  private launch(item: HTMLElement): boolean {
    const width = item.offsetWidth;
    const lane = this.allocator.place(width, performance.now());
    if (lane === undefined) return false;
    const travel = this.element.clientWidth + width;
    item.style.top = `${lane * this.laneHeight}px`;
    item.classList.add('flying');
    const animation = item.animate([{ transform: 'translateX(0)' }, { transform: `translateX(-${travel}px)` }], { duration: DURATION_MS, easing: 'linear' });
    animation.onfinish = () => item.remove();
    animation.oncancel = () => item.remove();
    return true;
  }

  private scheduleRetry(): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      while (this.waiting.length > 0 && this.launch(this.waiting[0])) this.waiting.shift();
      if (this.waiting.length > 0) this.scheduleRetry();
    }, RETRY_MS);
  }

  private geometry() {
    const width = this.element.clientWidth || 640;
    const height = this.element.clientHeight || 360;
    this.laneHeight = width < 520 ? 24 : 34;
    return { lanes: Math.max(1, Math.floor((height * USED_HEIGHT) / this.laneHeight)), stageWidth: width, durationMs: DURATION_MS };
  }
}
