/**
 * The flags every command takes (listed once, in the root help), as a table
 * (flags.ts) that cli.ts and the entry (src/bin.ts) both read, and what they
 * do to the context.
 */
import type { Context } from '../context.js';
import type { FlagTable, FlagValues } from './flags.js';

export const GLOBAL_FLAGS = {
  profile: { flags: '-p, --profile <name>', description: 'the profile to use (also ZOOM_S2S_PROFILE; else the default profile)' },
  caFile: { flags: '--ca-file <pem>', description: 'trust the CAs in this PEM file for Zoom requests (also ZOOM_S2S_CA_FILE)' },
  debug: { flags: '--debug', description: 'explain what happens on stderr (also DEBUG=zoom-s2s); never prints secrets' },
} as const satisfies FlagTable;

/** --debug and --ca-file, before the command runs (-p is read by each command that takes a profile). */
export function applyGlobalFlags(ctx: Context, globals: FlagValues): void {
  if (globals.debug === true) ctx.debugEnabled = true;
  if (typeof globals.caFile === 'string') ctx.caFile = globals.caFile;
}
