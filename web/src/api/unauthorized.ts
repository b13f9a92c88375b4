type Listener = () => void;
const listeners = new Set<Listener>();

/** The session module listens here: a 401 means the session has ended (expired, signed out elsewhere, disabled). */
export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyUnauthorized(): void {
  listeners.forEach((l) => l());
}
