/**
 * `zoom-s2s token`'s flags, once: commander builds the command's options
 * from this table (token.ts), the entry reads a command line with it
 * (src/bin.ts), and both turn what was given into TokenOptions here.
 */
import { TOKEN_FORMATS, type TokenFormat } from '../../core/auth/token-format.js';
import { parseDuration, parseMinTtl } from '../duration.js';
import { UsageError } from '../../core/errors.js';
import type { FlagTable, FlagValues } from '../flags.js';
import type { TokenOptions } from './run.js';

export const TOKEN_FLAGS = {
  copy: { flags: '-c, --copy', description: 'copy the token to the clipboard instead of printing it (no display: the terminal\'s clipboard, OSC 52)' },
  clearAfter: { flags: '--clear-after <duration>', description: 'with --copy: clear the clipboard after this long if it still holds the token (also ZOOM_S2S_CLIPBOARD_CLEAR)' },
  format: { flags: '--format <format>', description: 'raw (the token), json, env (export lines for eval) or header (Authorization: Bearer …)', choices: TOKEN_FORMATS, default: 'raw' },
  json: { flags: '--json', description: 'the same as --format json', conflicts: 'format' },
  minTtl: { flags: '--min-ttl <duration>', description: 'the token must live at least this long, else a new one is minted (e.g. 90s, 10m, 1h)', default: '5m' },
  force: { flags: '-f, --force', description: 'mint a new token whatever the cache holds' },
} as const satisfies FlagTable;

/** What `token` does, from the flags given (defaults filled in) and the global --profile. */
export function tokenOptions(flags: FlagValues, profile: string | undefined, env: Record<string, string | undefined>): TokenOptions {
  const copy = flags.copy === true;
  const given = (key: keyof typeof TOKEN_FLAGS) => (typeof flags[key] === 'string' ? (flags[key] as string) : undefined);
  if (given('clearAfter') !== undefined && !copy) throw new UsageError('--clear-after only goes with --copy.');
  return {
    profile,
    copy,
    clearAfterMs: copy ? clearAfter(given('clearAfter'), env) : undefined,
    format: flags.json === true ? 'json' : ((given('format') ?? 'raw') as TokenFormat),
    minTtlMs: parseMinTtl(given('minTtl') ?? '5m'),
    force: flags.force === true,
  };
}

/** --clear-after, else ZOOM_S2S_CLIPBOARD_CLEAR, else never; "0" or "off" in the variable means never. */
function clearAfter(flag: string | undefined, env: Record<string, string | undefined>): number | undefined {
  if (flag !== undefined) return parseDuration(flag, '--clear-after', MAX_CLEAR_AFTER_MS);
  const fromEnv = env.ZOOM_S2S_CLIPBOARD_CLEAR?.trim();
  if (!fromEnv || /^(0|off|never)$/i.test(fromEnv)) return undefined;
  return parseDuration(fromEnv, 'ZOOM_S2S_CLIPBOARD_CLEAR', MAX_CLEAR_AFTER_MS);
}

const MAX_CLEAR_AFTER_MS = 24 * 3_600_000;
