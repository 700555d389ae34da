/**
 * State whose latest value is readable synchronously through a ref. Keys can
 * arrive faster than React re-renders (pasted text, typed-ahead keys); the
 * input handler must see the state the previous key left, not a stale render.
 */
import { useCallback, useRef, useState } from 'react';

export function useRefState<T>(initial: T): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    const v = typeof next === 'function' ? (next as (p: T) => T)(ref.current) : next;
    ref.current = v;
    setValue(v);
  }, []);
  return [value, set, ref];
}
