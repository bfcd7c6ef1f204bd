import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/http';

export interface Polled<T> {
  data: T | undefined;
  error: string;
  reload(): void;
}

/** Loads now and again every `intervalMs` while the page is visible; keeps the last good answer. */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[] = []): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const value = await loadRef.current();
          if (cancelled) return;
          setData(value);
          setError('');
        } catch (failure) {
          if (cancelled) return;
          setError(failure instanceof ApiError ? failure.message : String(failure));
        }
      }
      if (!cancelled && intervalMs > 0) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [intervalMs, tick, ...deps]);

  return { data, error, reload: () => setTick((n) => n + 1) };
}
