/** Copying to the system clipboard, with a clear reason when there is none. */
import { ClipboardError } from './errors.js';

export interface Clipboard {
  write(text: string): Promise<void>;
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
  return {
    async write(text) {
      const why = clipboardUnavailableReason(env, platform);
      if (why) throw new ClipboardError(`No clipboard available: ${why}.`, NO_CLIPBOARD_HINT);
      try {
        const { default: clipboardy } = await import('clipboardy');
        await clipboardy.write(text);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new ClipboardError(`Could not copy to the clipboard: ${message}`, NO_CLIPBOARD_HINT);
      }
    },
  };
}
