/** `zoom-s2s mcp --http 127.0.0.1:0` as a child process, once it has printed its URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './run-cli.js';

export interface McpHttpServer {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

export async function startMcpHttp(env: Record<string, string>): Promise<McpHttpServer> {
  const child = spawn(process.execPath, [CLI, 'mcp', '--http', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`mcp --http ended (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
