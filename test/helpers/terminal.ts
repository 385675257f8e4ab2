/**
 * A real terminal for the CLI: a tmux session on a private server, driven
 * with send-keys and read with capture-pane, as a person would see it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';

export const noTmux: string | false = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'needs tmux: apt-get install -y tmux';
  }
})();

export class Terminal {
  private readonly socket: string;
  private constructor(socket: string) {
    this.socket = socket;
  }

  /**
   * Starts `command` (argv) with exactly `env` in an 100x30 terminal; when it
   * ends the pane shows "EXIT=<code>". `tmuxConfig`: lines of tmux settings.
   */
  static start(command: string[], env: Record<string, string>, tmuxConfig: string[] = []): Terminal {
    const dir = tempDir('zoom-s2s-tty-');
    const script = path.join(dir, 'run.sh');
    const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
    const exports = Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`);
    writeFileSync(script, ['unset $(env | cut -d= -f1) 2>/dev/null', ...exports, 'export TERM=xterm-256color', `${command.map(quote).join(' ')}`, 'echo "EXIT=$?"', 'sleep 60', ''].join('\n'));
    const terminal = new Terminal(path.join(dir, 'tmux.sock'));
    const config = path.join(dir, 'tmux.conf');
    writeFileSync(config, tmuxConfig.map((line) => `${line}\n`).join(''));
    terminal.tmux('-f', config, 'new-session', '-d', '-x', '100', '-y', '30', `bash ${quote(script)}`);
    return terminal;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p');
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-l', text);
  }

  press(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** tmux's most recent paste buffer (where OSC 52 copies land with set-clipboard on), or undefined. */
  buffer(): string | undefined {
    try {
      return this.tmux('show-buffer');
    } catch {
      return undefined;
    }
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
