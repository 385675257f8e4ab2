/**
 * Taking over Ctrl-C and `kill` for a while: `handler` runs on SIGINT or
 * SIGTERM instead of Node's default (exit at once), until the returned
 * function is called.
 */
export function onTermination(handler: (signal: NodeJS.Signals) => void): () => void {
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
