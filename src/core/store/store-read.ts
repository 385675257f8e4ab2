/**
 * A read of a secret store made by one part of a run and reused by a later
 * one instead of asking the keychain again: the hot path (src/hot-path.ts)
 * hands the full program the cached-token read it made, so a miss, or a
 * keychain that does not answer, costs one read and not two.
 */
import type { SecretStore } from './keychain.js';
import type { SecretStorage } from './settings.js';

export interface StoreRead {
  storage: SecretStorage;
  account: string;
  result: Promise<string | undefined>;
}

/** `store`, telling `onRead` about its first read. */
export function recordingFirstRead(store: SecretStore, storage: SecretStorage, onRead: (read: StoreRead) => void): SecretStore {
  let first = true;
  return withGet(store, (account) => {
    const result = store.get(account);
    if (first) onRead({ storage, account, result });
    first = false;
    return result;
  });
}

/** `store`, answering the first read of `read.account` with `read`'s result, once: later reads ask the store. */
export function answeringFirstRead(store: SecretStore, read: StoreRead | undefined): SecretStore {
  let pending = read;
  return withGet(store, (account) => {
    if (pending?.account !== account) return store.get(account);
    const { result } = pending;
    pending = undefined;
    return result;
  });
}

function withGet(store: SecretStore, get: SecretStore['get']): SecretStore {
  return { description: store.description, get, set: (account, secret) => store.set(account, secret), delete: (account) => store.delete(account) };
}
