import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> =
  | { readonly kind: 'loading' }
  /** `refreshing` while a new key loads: the last answer stays on screen, so focus and place are kept. */
  | { readonly kind: 'loaded'; readonly data: T; readonly refreshing?: boolean }
  | { readonly kind: 'failed'; readonly status?: number; readonly message: string };

/** Loads once per change of `key`; a stale answer (the person moved on) is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((last) => (last.kind === 'loaded' ? { ...last, refreshing: true } : { kind: 'loading' }));
    load().then(
      (data) => current && setState({ kind: 'loaded', data }),
      (error: unknown) => current && setState(failure(error)),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` says when what it loads has changed.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

function failure(error: unknown): Loaded<never> {
  const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return status === undefined ? { kind: 'failed', message } : { kind: 'failed', status, message };
}
