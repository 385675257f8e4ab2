/**
 * Taking over Ctrl-C and `kill` for a while: `handler` runs on SIGINT or
 * SIGTERM (or the `signals` given) instead of Node's default (exit at once),
 * until the returned function is called.
 */
export function onTermination(handler: (signal: NodeJS.Signals) => void, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
  const listeners = signals.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/**
 * For the long-lived servers (`proxy`, `mcp`): SIGUSR1 would open Node's
 * inspector on 127.0.0.1:9229, which asks no one for a key, so any account
 * on the machine could then run code in this process, token in hand. A
 * listener of our own keeps the inspector shut (Node starts it only when
 * no listener is there). Windows has no SIGUSR1.
 */
export function keepInspectorShut(platform: NodeJS.Platform): void {
  if (platform !== 'win32') process.on('SIGUSR1', () => undefined);
}
