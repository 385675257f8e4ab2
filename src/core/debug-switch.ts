/** DEBUG=zoom-s2s (or a list containing it, or *) turns debug output on, as the `debug` package does. */
export function debugFromEnv(env: Record<string, string | undefined>): boolean {
  const value = env.DEBUG ?? '';
  return value.split(/[\s,]+/).some((name) => name === 'zoom-s2s' || name === 'zoom-s2s:*' || name === '*');
}
