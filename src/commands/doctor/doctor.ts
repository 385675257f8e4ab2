import { Command } from 'commander';
import type { Context } from '../../context.js';
import { ExitCode, QuietExit } from '../../core/errors.js';
import type { Style } from '../../terminal/output.js';
import {
  checkCertificates,
  checkClipboard,
  checkCredentials,
  checkEndpointAndClock,
  checkFiles,
  checkKeychain,
  checkNode,
  checkProxy,
  doctorState,
  type CheckResult,
  type CheckStatus,
} from './checks.js';
import { profileFlag } from '../profile-flag.js';

export interface DoctorOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  json: boolean;
}

export function doctorCommand(ctx: Context, run: (options: DoctorOptions, ctx: Context) => Promise<void> = runDoctor): Command {
  return new Command('doctor')
    .description('Check this machine and the credentials: keychain, clipboard, files, proxy, CAs, Zoom, clock')
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      `
Each line is ok, warn or fail, with what to do about it. Exits 1 when a check
fails (warnings do not count). One request goes to the token endpoint, and the
credentials are proven with the cached token or a new one.

Examples:
  $ zoom-s2s doctor
  $ zoom-s2s doctor --profile prod
  $ zoom-s2s doctor --json | jq '.checks[] | select(.status != "ok")'`,
    )
    .action(async (flags: { json?: boolean }, command: Command) => {
      await run({ profile: profileFlag(command), json: flags.json === true }, ctx);
    });
}

/** Every check, in the order shown. `nodeVersion` is this process's, unless a test says otherwise. */
export async function runChecks(ctx: Context, profile: string | undefined, nodeVersion: string): Promise<CheckResult[]> {
  const state = await doctorState(ctx, profile, nodeVersion);
  return [
    checkNode(state),
    await checkKeychain(ctx, state),
    checkClipboard(ctx),
    checkFiles(ctx),
    checkProxy(ctx),
    checkCertificates(ctx),
    ...(await checkEndpointAndClock(ctx, state)),
    await checkCredentials(ctx, state),
  ];
}

export async function runDoctor(options: DoctorOptions, ctx: Context, nodeVersion: string = process.versions.node): Promise<void> {
  const checks = await runChecks(ctx, options.profile, nodeVersion);
  const failed = checks.filter((check) => check.status === 'fail').length;
  if (options.json) {
    ctx.io.json({ ok: failed === 0, checks: checks.map((c) => ({ ...c, fix: c.fix ?? null })) });
  } else {
    ctx.io.show(render(checks, await ctx.io.style('stdout'), ctx.io.isStdoutTTY()));
  }
  if (failed > 0) throw new QuietExit(ExitCode.failure);
}

function render(checks: CheckResult[], style: Style, terminal: boolean): string {
  const marks: Record<CheckStatus, string> = terminal
    ? { ok: style.green('✓'), warn: style.yellow('!'), fail: style.red('✗') }
    : { ok: 'ok  ', warn: 'warn', fail: 'fail' };
  const width = Math.max(...checks.map((c) => c.title.length)) + 2;
  const indent = ' '.repeat((terminal ? 2 : 5) + width);
  const lines = checks.flatMap((check) => [
    `${marks[check.status]} ${check.title.padEnd(width)}${check.detail}`,
    ...(check.status !== 'ok' && check.fix ? [`${indent}→ ${check.fix}`] : []),
  ]);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = failed + warned === 0 ? style.green('Everything looks fine.') : [failed ? style.red(plural(failed, 'problem')) : '', warned ? style.yellow(plural(warned, 'warning')) : ''].filter(Boolean).join(', ') + '.';
  return `${lines.join('\n')}\n\n${summary}\n`;
}
