/**
 * Every exit code the CLI can return, in one place. The README's "Exit codes"
 * table documents the same list; change both together.
 */
export const ExitCode = {
  ok: 0,
  /** Unexpected failure, the environment cannot do what was asked (keychain, clipboard, config file), or the Zoom API answered an `api` call with an error. */
  failure: 1,
  /** Bad flags or arguments, or input that is missing and cannot be prompted for. */
  usage: 2,
  /** No stored credentials for the profile. */
  notLoggedIn: 3,
  /** Zoom rejected the credentials (invalid_client, unsupported_grant_type, invalid account). */
  rejected: 4,
  /** Network failure, timeout, Zoom server error or an unexpected response. */
  network: 5,
  /** scopes --require: the app lacks at least one of the scopes. */
  missingScopes: 6,
  /** exec: the command could not be run. */
  commandNotRunnable: 126,
  /** exec: the command was not found. */
  commandNotFound: 127,
  /** Interrupted by the user (Ctrl-C at a prompt). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The `code` of an error reported as JSON (under --json): one name per exit code. */
export const ERROR_CODES: Record<number, string> = {
  [ExitCode.failure]: 'failure',
  [ExitCode.usage]: 'usage',
  [ExitCode.notLoggedIn]: 'not_logged_in',
  [ExitCode.rejected]: 'credentials_rejected',
  [ExitCode.network]: 'network',
  [ExitCode.missingScopes]: 'missing_scopes',
  [ExitCode.commandNotRunnable]: 'command_not_runnable',
  [ExitCode.commandNotFound]: 'command_not_found',
  [ExitCode.interrupted]: 'interrupted',
};

/**
 * An error meant for the user: `message` is the first line (what went wrong),
 * `hint` the optional second line (what to do). Commands throw these; the CLI
 * prints them and turns `exitCode` into the process exit code.
 */
export class CliError extends Error {
  /** One of ExitCode, or for exec the command's own exit code. */
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue | number, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/**
 * An exit code whose reason has already been shown (exec: the command's own
 * code; doctor: the report), returned by src/cli.ts without a message.
 */
export class QuietExit extends CliError {
  constructor(code: number) {
    super('', code);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, { hint });
  }
}

export class NotLoggedInError extends CliError {
  constructor(profile: string, detail?: string) {
    super(detail ?? `Not logged in (profile "${profile}").`, ExitCode.notLoggedIn, {
      hint: profile === 'default' ? 'Run: zoom-s2s login' : `Run: zoom-s2s login --profile ${profile}`,
    });
  }
}

/** Zoom answered the token request with a refusal of the credentials. */
export class CredentialsRejectedError extends CliError {
  /** Zoom's `error` field, e.g. "invalid_client". */
  readonly zoomError: string | undefined;
  /** Zoom's `reason` field, shown to the user verbatim. */
  readonly zoomReason: string | undefined;

  constructor(status: number, zoomError: string | undefined, zoomReason: string | undefined, hint: string) {
    const said = zoomReason ?? zoomError ?? `HTTP ${status}`;
    super(`Zoom rejected the credentials: ${said}`, ExitCode.rejected, { hint });
    this.zoomError = zoomError;
    this.zoomReason = zoomReason;
  }
}

/** The token endpoint could not be reached or answered with something unusable. */
export class NetworkError extends CliError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.network, options);
  }
}

/** The OS keychain is missing, locked or not answering. */
export class KeychainError extends CliError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.failure, options);
  }
}

export class ClipboardError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, { hint });
  }
}

export class ConfigError extends CliError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.failure, options);
  }
}

/** The Zoom API answered a call with an error status (its body has already been shown). */
export class ApiError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, { hint });
  }
}

export class InterruptedError extends CliError {
  constructor() {
    super('Cancelled.', ExitCode.interrupted);
  }
}
