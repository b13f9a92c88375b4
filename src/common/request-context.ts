import { AsyncLocalStorage } from 'node:async_hooks';

/** The current HTTP request's id, readable from services (audit rows carry it) without passing it down. */
const store = new AsyncLocalStorage<{ requestId: string }>();

export const RequestContext = {
  run<T>(requestId: string, fn: () => T): T {
    return store.run({ requestId }, fn);
  },
  requestId(): string | undefined {
    return store.getStore()?.requestId;
  },
};
