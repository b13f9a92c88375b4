import { useEffect, useRef } from 'react';
import { isTypingTarget, matchShortcut, type Shortcut } from './shortcuts';

/** Listens for the shortcuts on the whole page; a started sequence waits 1.5 s for its next key. */
export function useShortcuts(shortcuts: Shortcut[], run: (s: Shortcut) => void, enabled = true): void {
  const typed = useRef<string[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ shortcuts, run });
  latest.current = { shortcuts, run };

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      // A dialog that is open owns the keyboard.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (e.key.length !== 1) return;
      window.clearTimeout(timer.current);
      const { done, partial } = matchShortcut([...typed.current, e.key], latest.current.shortcuts);
      if (done) {
        e.preventDefault();
        typed.current = [];
        latest.current.run(done);
      } else if (partial) {
        typed.current = [...typed.current, e.key];
        timer.current = window.setTimeout(() => (typed.current = []), 1500);
      } else {
        const fresh = matchShortcut([e.key], latest.current.shortcuts);
        typed.current = fresh.partial ? [e.key] : [];
        if (fresh.done) {
          e.preventDefault();
          latest.current.run(fresh.done);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.clearTimeout(timer.current);
    };
  }, [enabled]);
}
