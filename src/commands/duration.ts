/** Durations on the command line and in variables: --min-ttl, --clear-after, --max-time, ZOOM_S2S_CLIPBOARD_CLEAR. */
import { UsageError } from '../core/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * "90s", "10m", "1h", "1h30m" → milliseconds. Anything else (a bare number,
 * a negative, zero, more than `maxMs`) is a usage error naming the option.
 */
export function parseDuration(text: string, option: string, maxMs: number): number {
  const value = text.trim();
  const invalid = (why: string) => new UsageError(`Invalid ${option} "${text}": ${why}`, 'Use a number with s, m or h, e.g. 90s, 10m or 1h.');
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) throw invalid(/^\d+$/.test(value) ? 'a unit is missing' : 'not a duration');
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * UNITS[unit!]!;
  if (total <= 0) throw invalid('it must be more than 0');
  if (total > maxMs) throw invalid(`more than ${maxMs / 3_600_000} h`);
  return Math.round(total);
}

/** --min-ttl (`token`, `exec`): up to Zoom's token lifetime, an hour. */
export function parseMinTtl(text: string): number {
  return parseDuration(text, '--min-ttl', 60 * 60_000);
}
