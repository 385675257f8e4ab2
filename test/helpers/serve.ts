/**
 * A serving zoom-s2s command (`mcp --http 127.0.0.1:0`, `proxy`) as a child
 * process, once it has printed its URL, the first line on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './run-cli.js';

export interface ServingCli {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** SIGTERM, and its exit code. */
  stop: () => Promise<number | null>;
}

/** `options.nodeArgs` go to Node before the CLI's path; `options.cwd` is the child's folder. */
export async function startServing(args: string[], env: Record<string, string>, options: { nodeArgs?: string[]; cwd?: string } = {}): Promise<ServingCli> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void exited.then((code) => reject(new Error(`zoom-s2s ${args.join(' ')} ended (${code}): ${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `zoom-s2s mcp --http 127.0.0.1:0`. */
export const startMcpHttp = (env: Record<string, string>) => startServing(['mcp', '--http', '127.0.0.1:0'], env);
