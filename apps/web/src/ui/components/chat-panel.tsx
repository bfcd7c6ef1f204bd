import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatLine } from '../pages/use-room-session';

export interface ModerationActions {
  mute(userId: string, seconds: number): void;
  ban(userId: string): void;
}

/** The room's chat: messages and gifts as they happen, a box to send, and (for moderators) a menu per message. */
export function ChatPanel({
  lines,
  canChat,
  onSend,
  onAskSignIn,
  moderation,
  selfId,
}: {
  lines: ChatLine[];
  canChat: boolean;
  onSend(text: string): void;
  onAskSignIn(): void;
  moderation?: ModerationActions;
  selfId?: string;
}) {
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  // Follow new messages unless the reader scrolled up to read older ones.
  useEffect(() => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!canChat) return onAskSignIn();
    const message = text.trim();
    if (!message) return;
    onSend(message);
    setText('');
  };

  return (
    <section class="chat-panel" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol
        ref={list}
        class="chat-lines"
        aria-live="polite"
        aria-relevant="additions"
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {lines.map((line) => (
          <li key={line.key} class={`chat-line ${line.kind}${line.own ? ' own' : ''}`}>
            {line.kind === 'system' ? (
              <em>{line.text}</em>
            ) : (
              <>
                <span class="chat-name">{line.name}</span>
                <span class="chat-text">{line.text}</span>
                {line.kind === 'pending' && <span class="visually-hidden"> (sending)</span>}
                {moderation && line.userId && line.userId !== selfId && line.kind !== 'pending' && <MessageMenu userId={line.userId} name={line.name} actions={moderation} />}
              </>
            )}
          </li>
        ))}
      </ol>
      <form class="chat-form" onSubmit={submit}>
        <label class="visually-hidden" for="chat-input">
          Message
        </label>
        <input
          id="chat-input"
          name="message"
          value={text}
          maxLength={100}
          autoComplete="off"
          placeholder={canChat ? 'Say something…' : 'Sign in to chat'}
          onInput={(event) => setText(event.currentTarget.value)}
          onFocus={() => !canChat && onAskSignIn()}
        />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}

function MessageMenu({ userId, name, actions }: { userId: string; name: string; actions: ModerationActions }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const act = (run: () => void) => {
    run();
    menu.current?.removeAttribute('open');
  };
  return (
    <details class="message-menu" ref={menu}>
      <summary aria-label={`Moderate ${name}`} title={`Moderate ${name}`}>
        ⋯
      </summary>
      <div class="menu" role="group" aria-label={`Moderate ${name}`}>
        <button type="button" onClick={() => act(() => actions.mute(userId, 600))}>
          Mute 10 min
        </button>
        <button type="button" onClick={() => act(() => actions.mute(userId, 0))}>
          Mute until unmuted
        </button>
        <button type="button" class="danger" onClick={() => act(() => actions.ban(userId))}>
          Ban from room
        </button>
      </div>
    </details>
  );
}
