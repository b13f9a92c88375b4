import type { Role } from '../api/types';

/** One keyboard move: keys pressed one after the other ("g" then "i"), outside text fields. */
export interface Shortcut {
  keys: string[];
  description: string;
  /** A screen to open, or a named action the layout performs. */
  to?: string;
  action?: 'search' | 'help';
  roles?: Role[];
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['/'], description: 'Search on this screen', action: 'search' },
  { keys: ['g', 'w'], description: 'Go to the worklist', to: '/worklist' },
  { keys: ['g', 'i'], description: 'Go to intake', to: '/intake', roles: ['technician', 'manager'] },
  { keys: ['g', 'm'], description: 'Go to imports', to: '/imports', roles: ['technician', 'manager'] },
  { keys: ['g', 'r'], description: 'Go to the review queue', to: '/review', roles: ['manager'] },
  { keys: ['g', 's'], description: 'Go to state reporting', to: '/reporting' },
  { keys: ['?'], description: 'Show these shortcuts', action: 'help' },
];

/** What the keys typed so far mean: a whole shortcut, the start of one, or nothing. */
export function matchShortcut(typed: readonly string[], shortcuts: readonly Shortcut[]): { done?: Shortcut; partial: boolean } {
  const done = shortcuts.find((s) => s.keys.length === typed.length && s.keys.every((k, i) => k === typed[i]));
  if (done) return { done, partial: false };
  const partial = shortcuts.some((s) => s.keys.length > typed.length && typed.every((k, i) => s.keys[i] === k));
  return { partial };
}

/** Keys typed into a field are text, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}
