import { useState } from 'preact/hooks';

/** A read-only value with a copy button; secret values are masked until shown. */
export function CopyField({ label, value, secret = false, testId }: { label: string; value: string; secret?: boolean; testId?: string }) {
  const [revealed, setRevealed] = useState(!secret);
  const [copied, setCopied] = useState(false);
  const id = `copy-${label.toLowerCase().replace(/\W+/g, '-')}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Insecure origins have no clipboard API: select the text so Ctrl-C works.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} type={revealed ? 'text' : 'password'} value={value} readOnly data-testid={testId} onFocus={(event) => event.currentTarget.select()} />
        {secret && (
          <button type="button" class="ghost" onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
            {revealed ? 'Hide' : 'Show'}
          </button>
        )}
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
