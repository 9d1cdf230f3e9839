import { useCallback, useEffect, useState } from 'react';

/**
 * A short confirmation shown beside the control that caused it ("Saved", "Copied"), where it hides nothing,
 * then cleared. Failures do not use this: they stay on the thing that failed until resolved.
 */
export function useFlash(ms = 4000): [string | undefined, (text: string) => void] {
  const [text, setText] = useState<{ value: string; at: number }>();
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(() => setText(undefined), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  const flash = useCallback((value: string) => setText({ value, at: Date.now() }), []);
  return [text?.value, flash];
}
