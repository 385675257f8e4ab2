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
