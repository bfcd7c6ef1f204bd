import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/http';
import type { Role } from '../../api/types';
import { userIdFrom, USER_ID_PATTERN } from '../../session/session';
import { useServices } from '../context';

/** The development "who are you" form: a name and a role, turned into a token by the gateway. */
export function SignInDialog({ reason, onClose, onSignedIn }: { reason?: string; onClose(): void; onSignedIn(): void }) {
  const { session } = useServices();
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const displayName = name.trim();
    if (!displayName) return setError('Enter a name.');
    const userId = USER_ID_PATTERN.test(displayName) ? displayName : userIdFrom(displayName);
    setBusy(true);
    setError('');
    try {
      await session.signIn({ userId, displayName: displayName.slice(0, 40), role });
      onSignedIn();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Could not sign in.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="sign-in" aria-labelledby="sign-in-title" onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id="sign-in-title">Who are you?</h2>
        {reason && <p class="hint">{reason}</p>}
        <p class="hint">Development sign-in: any name, any role. Guests can watch without signing in.</p>
        <p class="hint">
          Tip: <strong>demo</strong> has coins for gifts under <code>npm start</code>.
        </p>
        <label>
          Name
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus required maxLength={40} autoComplete="nickname" />
        </label>
        <label>
          Role
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="viewer">Viewer — chat, like, send gifts</option>
            <option value="streamer">Streamer — also go live</option>
            <option value="admin">Platform admin</option>
          </select>
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" class="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
