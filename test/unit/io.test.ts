/**
 * The terminal seam (src/terminal/io.ts) and the process's streams under it
 * (process-streams.ts): what people are told is masked and escaped, data
 * goes to stdout alone, questions need both ends to be terminals, and the
 * process's own streams are written without being made until a command
 * needs them.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { Masker } from '../../src/core/masking.js';
import { createIo } from '../../src/terminal/io.js';
import { givenStreams } from '../../src/terminal/process-streams.js';
import { checkDomain, checkOverride, domainOfHost, isLoopbackHost } from '../../src/core/zoom.js';
import { UsageError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp.js';

class Recorder extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

function io(tty: { stdin?: boolean; stdout?: boolean; stderr?: boolean } = {}, debug = false, env: Record<string, string> = { NO_COLOR: '1' }) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty.stdin ?? false });
  const stdout = new Recorder(tty.stdout ?? false);
  const stderr = new Recorder(tty.stderr ?? false);
  const sensitive = new Masker();
  const seam = createIo({ streams: givenStreams(stdin, stdout, stderr), env, sensitive, debugEnabled: () => debug, prompter: async () => ({ input: async () => '', secret: async () => '' }) });
  return { seam, stdout, stderr, sensitive };
}

describe('the terminal seam', () => {
  test('lines for people are masked, even for a secret learned after the seam was made; words from outside are escaped', async () => {
    const { seam, stdout, stderr, sensitive } = io();
    sensitive.add('s3cr3t-value');
    seam.notice(`echoed: s3cr3t-value`);
    await seam.warn(seam.forPeople('a reason with \u001b[31mcolour\u001b[0m and \u202eright-to-left'));
    await seam.success('done');
    assert.equal(stdout.text, '');
    assert.equal(stderr.text, 'echoed: [redacted]\nwarning: a reason with \\x1b[31mcolour\\x1b[0m and \\u202eright-to-left\n✓ done\n');
  });

  test('every line and report for people is escaped on the way out, whatever the caller passed; only our own colours survive, and only where colour is on', async () => {
    const outside = 'name \u001b]0;title\u0007 \u001b[8mhidden\u001b[0m \u001b[2J \u0085 \u202e \r';
    const plain = io();
    plain.seam.notice(`a notice: ${outside}`);
    plain.seam.show(`a report: ${outside}\n`);
    await plain.seam.warn(outside);
    for (const text of [plain.stdout.text, plain.stderr.text]) assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/, text);
    assert.match(plain.stderr.text, /a notice: name \\x1b\]0;title\\x07 \\x1b\[8mhidden\\x1b\[0m \\x1b\[2J \\x85 \\u202e \\x0d\n/);

    const coloured = io({ stdout: true, stderr: true }, false, { FORCE_COLOR: '1' });
    await coloured.seam.success(`saved ${outside}`);
    const style = await coloured.seam.style('stdout');
    coloured.seam.show(`${style.bold('Profile:')} ${outside}\n`);
    assert.ok(coloured.stderr.text.startsWith('\u001b[32m✓\u001b[39m saved name \\x1b]0;title'), JSON.stringify(coloured.stderr.text));
    assert.ok(coloured.stdout.text.startsWith('\u001b[1mProfile:\u001b[22m name \\x1b]0;title'), JSON.stringify(coloured.stdout.text));
    assert.ok(coloured.stdout.text.includes('\\x1b[8mhidden\\x1b[0m'), 'a colour sequence we never write is escaped');
  });

  test('data goes to stdout as it is; JSON indented', () => {
    const { seam, stdout, stderr } = io();
    seam.out('raw\n');
    seam.json({ a: [1] });
    assert.equal(stdout.text, 'raw\n{\n  "a": [\n    1\n  ]\n}\n');
    assert.equal(stderr.text, '');
  });

  test('debug lines only when asked for, masked and escaped', () => {
    const quiet = io();
    quiet.seam.debug('nothing');
    assert.equal(quiet.stderr.text, '');
    const loud = io({}, true);
    loud.sensitive.add('token-abcdef');
    loud.seam.debug('sent token-abcdef\r\n');
    assert.equal(loud.stderr.text, 'debug: sent [redacted]\\x0d\n\n');
  });

  test('questions only when both the keyboard and the screen (stderr) are terminals', () => {
    assert.equal(io({ stdin: true, stderr: true }).seam.canPrompt(), true);
    assert.equal(io({ stdin: true, stdout: true }).seam.canPrompt(), false);
    assert.equal(io({ stderr: true }).seam.canPrompt(), false);
  });

  test('progress without a terminal just runs the work, drawing nothing', async () => {
    const { seam, stderr } = io();
    assert.equal(await seam.progress('Working…')(async () => 42), 42);
    assert.equal(stderr.text, '');
  });
});

const streamsModule = fileURLToPath(new URL('../../src/terminal/process-streams.js', import.meta.url));

describe('the process\'s streams', () => {
  test('text is written without making process.stdout or loading node:net; a reader that goes away ends writing quietly', async () => {
    const script = `
      const { processStreams } = await import(${JSON.stringify(streamsModule)});
      const before = new Set(process.moduleLoadList);
      const streams = processStreams();
      streams.write('stdout', 'x'.repeat(200000));
      streams.write('stderr', 'to stderr\\n');
      const loaded = process.moduleLoadList.filter((name) => !before.has(name) && /NativeModule (net|tty|stream)$/.test(name));
      process.stderr.write('loaded: ' + JSON.stringify(loaded) + '\\n');`;
    // The reader takes 10 bytes and goes away: EPIPE, quietly, exit 0.
    const { stderr, status } = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} --input-type=module -e "$0" | head -c 10 >/dev/null`, script], { encoding: 'utf8' });
    assert.equal(status, 0, stderr);
    assert.match(stderr, /^to stderr\nloaded: \[\]\n$/);
  });

  test('a pipe, a file and /dev/null are not terminals; a pseudo-terminal is', { skip: spawnSync('script', ['--version']).status === 0 ? false : 'script(1) is not installed (util-linux)' }, async () => {
    const dir = tempDir('zoom-s2s-tty-');
    const result = path.join(dir, 'result.json');
    // Writes whether stdout and stderr are terminals to the file named by $RESULT.
    const check = `const { isTerminal } = await import(${JSON.stringify(streamsModule)}); (await import('node:fs')).writeFileSync(process.env.RESULT, JSON.stringify([isTerminal(1), isTerminal(2)]));`;
    const node = `${JSON.stringify(process.execPath)} --input-type=module -e "$CHECK"`;
    const env = { ...process.env, CHECK: check, RESULT: result };
    const seen = (redirect: string) => {
      spawnSync('sh', ['-c', `${node} ${redirect}`], { env });
      return readFileSync(result, 'utf8');
    };
    assert.equal(seen('| cat 2>&1 | cat'), '[false,false]');
    assert.equal(seen(`>${path.join(dir, 'out')} 2>&1`), '[false,false]');
    assert.equal(seen('>/dev/null 2>/dev/null'), '[false,false]');
    await promisify(execFile)('script', ['-qec', node, '/dev/null'], { env });
    assert.equal(readFileSync(result, 'utf8'), '[true,true]');
  });
});

describe('Zoom\'s facts (core/zoom.ts)', () => {
  test('two domains; a typed one is read without case or spaces, anything else refused', () => {
    assert.equal(checkDomain(' ZoomGov.com '), 'zoomgov.com');
    assert.throws(() => checkDomain('zoom.com'), UsageError);
    assert.equal(domainOfHost('us06web.zoom.us'), 'zoom.us');
    assert.equal(domainOfHost('api.zoomgov.com'), 'zoomgov.com');
    assert.equal(domainOfHost('zoom.us.evil.example'), undefined);
    assert.equal(domainOfHost('evilzoom.us'), undefined);
  });

  test('a stand-in for Zoom: https anywhere, plain http only on this machine', () => {
    assert.equal(checkOverride('ZOOM_S2S_API_URL', 'https://emulator.example/v2', 'a base').href, 'https://emulator.example/v2');
    assert.equal(checkOverride('ZOOM_S2S_API_URL', 'http://127.0.0.1:8080', 'a base').origin, 'http://127.0.0.1:8080');
    assert.equal(checkOverride('ZOOM_S2S_OAUTH_URL', 'http://[::1]:1', 'an origin').origin, 'http://[::1]:1');
    for (const bad of ['http://10.0.0.1', 'http://localhost.evil.example', 'ftp://127.0.0.1', 'not a url']) {
      assert.throws(() => checkOverride('ZOOM_S2S_OAUTH_URL', bad, 'an origin'), (error: unknown) => error instanceof UsageError && error.message.startsWith('ZOOM_S2S_OAUTH_URL'), bad);
    }
    assert.equal(isLoopbackHost('127.1.2.3'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
  });
});
