type Listener = () => void;
const listeners = new Set<Listener>();

/** The session module listens here: a 403 PASSWORD_CHANGE_REQUIRED means an admin's reset must be answered first. */
export function onPasswordChangeRequired(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyPasswordChangeRequired(): void {
  listeners.forEach((l) => l());
}
