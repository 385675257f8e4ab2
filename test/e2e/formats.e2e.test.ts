/** `scopes --require` and `token --format`, through the built CLI and real shells. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { shellQuote } from '../../src/core/auth/token-format.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';

const run = promisify(execFile);
const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };
const cli = `${shellQuote(process.execPath)} ${shellQuote(CLI)}`;

// One emulator for the file; environment credentials and no keychain, so every call mints.
let zoom: ZoomEmulator;
before(async () => {
  zoom = await startZoomEmulator();
});
after(() => zoom?.close());
const env = () => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...ENV }).env;

describe('scopes --require', () => {
  test('every scope granted: exit 0, nothing on stdout', async () => {
    const result = await runCli(['scopes', '--require', 'meeting:read:admin', 'user:read:user:admin'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });

  test('missing scopes: exit 6, the missing ones on stderr, one per line', async () => {
    const result = await runCli(['scopes', '--require', 'meeting:read:admin,webinar:write:admin', 'phone:read:admin'], { env: env() });
    assert.equal(result.code, 6);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'error: The app lacks 2 of 3 required scopes:\n  webinar:write:admin\n  phone:read:admin\nAdd them on the app\'s "Scopes" page at marketplace.zoom.us (no new login needed).\n');
  });

  test('--json with --require: what was required and what is missing, same exit code', async () => {
    const result = await runCli(['scopes', '--json', '--require', 'meeting:read:admin', 'phone:read:admin'], { env: env() });
    assert.equal(result.code, 6);
    assert.deepEqual(JSON.parse(result.stdout), { required: ['meeting:read:admin', 'phone:read:admin'], missing: ['phone:read:admin'] });
  });

  test('a malformed scope or none at all: usage error', async () => {
    assert.equal((await runCli(['scopes', '--require', 'meeting::read'], { env: env() })).code, 2);
    assert.equal((await runCli(['scopes', '--require'], { env: env() })).code, 2);
  });
});

describe('token --format', () => {
  test('env: eval in sh, dash and bash sets the three variables', async () => {
    for (const shell of ['sh', 'dash', 'bash']) {
      const script = `eval "$(${cli} token --format env)" && printf '%s\\n' "$ZOOM_ACCESS_TOKEN" "$ZOOM_API_URL" "$ZOOM_TOKEN_EXPIRES_AT" && sh -c 'printf "%s\\n" "$ZOOM_ACCESS_TOKEN"'`;
      const { stdout } = await run(shell, ['-c', script], { env: env() });
      const [token, apiUrl, expires, exported] = stdout.trimEnd().split('\n');
      assert.equal(token, zoom.issued.at(-1), shell);
      assert.equal(apiUrl, 'https://api.zoom.us/v2');
      assert.ok(Date.parse(expires!) > Date.now() + 50 * 60_000, expires);
      assert.equal(exported, token, 'exported to child processes');
    }
  });

  test('the shell quoting survives quotes, $(…), backticks and newlines', async () => {
    for (const value of ["it's", '$(touch /tmp/zoom-s2s-pwned)', '`id`', 'a\nb', "'; echo hacked; '", '\\"', '']) {
      const { stdout } = await run('sh', ['-c', `X=${shellQuote(value)}; printf %s "$X"`]);
      assert.equal(stdout, value);
    }
  });

  test('header: one line that curl reads with -H @-', async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/users/me`;
      const { stdout } = await run('sh', ['-c', `${cli} token --format header | curl -fsS -H @- ${url}`], { env: env() });
      assert.equal(stdout, 'ok');
      assert.deepEqual(seen, [`Bearer ${zoom.issued.at(-1)}`]);
    } finally {
      server.close();
    }
  });

  test('json: the same document as --json; raw: the token and a newline', async () => {
    const box = env();
    const json = await runCli(['token', '--format', 'json'], { env: box });
    assert.deepEqual(Object.keys(JSON.parse(json.stdout) as object), ['accessToken', 'tokenType', 'expiresAt', 'expiresIn', 'scopes', 'apiUrl']);
    const raw = await runCli(['token', '--format', 'raw'], { env: box });
    assert.equal(raw.stdout, `${zoom.issued.at(-1)}\n`);
  });
});
