/** The system clipboard, with a clear reason when there is none; OSC 52 for terminals without one. */
import { ClipboardError } from '../core/errors.js';

export interface Clipboard {
  write(text: string): Promise<void>;
  read(): Promise<string>;
}

/** Why this machine has no clipboard we can reach, or undefined when it may have one. */
export function clipboardUnavailableReason(env: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return undefined;
  if (env.WSL_DISTRO_NAME) return undefined; // WSL copies through Windows' clipboard.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (DISPLAY and WAYLAND_DISPLAY are not set)';
  return undefined;
}

const NO_CLIPBOARD_HINT = 'Print the token instead (zoom-s2s token), or use a session with a display (e.g. ssh -X).';

export function openSystemClipboard(env: Record<string, string | undefined>, platform: NodeJS.Platform): Clipboard {
  const use = async <T>(what: string, action: (clipboardy: typeof import('clipboardy').default) => Promise<T>): Promise<T> => {
    const why = clipboardUnavailableReason(env, platform);
    if (why) throw new ClipboardError(`No clipboard available: ${why}.`, NO_CLIPBOARD_HINT);
    try {
      const { default: clipboardy } = await import('clipboardy');
      return await action(clipboardy);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ClipboardError(`Could not ${what} the clipboard: ${message}`, NO_CLIPBOARD_HINT);
    }
  };
  return {
    write: (text) => use('copy to', (clipboardy) => clipboardy.write(text)),
    read: () => use('read', (clipboardy) => clipboardy.read()),
  };
}

/**
 * The OSC 52 escape sequence that asks the terminal (xterm, iTerm2, kitty,
 * WezTerm, Windows Terminal, tmux with set-clipboard on…) to put `text` on
 * the clipboard of the machine in front of the user, over SSH too.
 */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** ZOOM_S2S_OSC52=0 (or off, false, no) turns the terminal fallback off. */
export function osc52Allowed(env: Record<string, string | undefined>): boolean {
  return !/^(0|off|false|no)$/i.test(env.ZOOM_S2S_OSC52 ?? '');
}

/** What the clearing helper is told about the copied text: a digest, never the text. */
export function clipboardDigest(text: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(text, 'utf8').digest('hex');
}
