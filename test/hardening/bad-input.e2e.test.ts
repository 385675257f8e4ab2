/**
 * Bad input, table-driven: each case gets a short message on stderr, exit 2,
 * nothing on stdout, no request to Zoom, and the stored state (settings file
 * and keychain items) unchanged byte for byte.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { clearKeychainItem, keychainItem, noKeyring, runCli, sandbox, type Sandbox } from '../helpers/run-cli.js';

const login = (accountId: string, clientId: string, ...extra: string[]) => ['login', '--account-id', accountId, '--client-id', clientId, '--client-secret-stdin', ...extra];
const GOOD = [SAMPLE_APP.accountId, SAMPLE_APP.clientId] as const;
const long = 'a'.repeat(10 * 1024);

/** [what, arguments, standard input, what stderr must say] */
const CASES: Array<[string, string[], string, RegExp]> = [
  ['empty account ID', login('', GOOD[1]), SAMPLE_APP.clientSecret, /account ID is empty/],
  ['empty client ID', login(GOOD[0], ''), SAMPLE_APP.clientSecret, /client ID is empty/],
  ['empty secret', login(...GOOD), '\n', /client secret is empty/],
  ['whitespace account ID', login('   ', GOOD[1]), SAMPLE_APP.clientSecret, /account ID is empty/],
  ['whitespace secret', login(...GOOD), '  \t \n', /client secret is empty/],
  ['bell in the account ID', login('acc\u0007id', GOOD[1]), SAMPLE_APP.clientSecret, /control characters/],
  ['escape in the client ID', login(GOOD[0], 'cli\u001b[2Jid'), SAMPLE_APP.clientSecret, /control characters/],
  ['NUL in the secret', login(...GOOD), 'sec\u0000ret', /control characters/],
  ['newline in the account ID', login('acc\nid', GOOD[1]), SAMPLE_APP.clientSecret, /control characters/],
  ['newline inside the secret', login(...GOOD), 'sec\nret\n', /control characters/],
  ['CR inside the client ID', login(GOOD[0], 'cli\rid'), SAMPLE_APP.clientSecret, /control characters/],
  ['non-ASCII account ID', login('añcount', GOOD[1]), SAMPLE_APP.clientSecret, /printable ASCII/],
  ['non-ASCII secret', login(...GOOD), 'sécret-value', /printable ASCII/],
  ['10 KB account ID', login(long, GOOD[1]), SAMPLE_APP.clientSecret, /10240 characters long/],
  ['10 KB client ID', login(GOOD[0], long), SAMPLE_APP.clientSecret, /10240 characters long/],
  ['10 KB secret', login(...GOOD), long, /too long to be a client secret/],
  ['":" in the client ID', login(GOOD[0], 'cli:ent'), SAMPLE_APP.clientSecret, /":"/],
  ['account ID like a flag', ['login', '--account-id=--x', '--client-id', GOOD[1], '--client-secret-stdin'], SAMPLE_APP.clientSecret, /starts with "-"/],
  ['client ID like a flag', ['login', '--account-id', GOOD[0], '--client-id=-x', '--client-secret-stdin'], SAMPLE_APP.clientSecret, /starts with "-"/],
  ['secret like a flag', login(...GOOD), '--secret', /starts with "-"/],
  ['inner space in the secret', login(...GOOD), 'sec ret', /contains spaces/],
  ['profile with "/"', ['token', '-p', 'a/b'], '', /Invalid profile name/],
  ['profile ".."', ['token', '-p', '..'], '', /Invalid profile name/],
  ['profile "."', ['status', '-p', '.'], '', /Invalid profile name/],
  ['profile with a space', ['token', '-p', 'my profile'], '', /Invalid profile name/],
  ['profile of 65 characters', ['token', '-p', 'p'.repeat(65)], '', /Invalid profile name/],
  ['profile with ":"', ['scopes', '-p', 'a:b'], '', /Invalid profile name/],
  ['empty profile', ['token', '--profile='], '', /Invalid profile name/],
  ['non-ASCII profile', [...login(...GOOD), '-p', 'prüfen'], SAMPLE_APP.clientSecret, /Invalid profile name/],
  ['ZOOM_S2S_PROFILE invalid', ['token'], '', /Invalid profile name .*ZOOM_S2S_PROFILE/],
  ['--min-ttl -5m', ['token', '--min-ttl=-5m'], '', /Invalid --min-ttl/],
  ['--min-ttl 0', ['token', '--min-ttl', '0'], '', /Invalid --min-ttl "0"/],
  ['--min-ttl 10y', ['token', '--min-ttl', '10y'], '', /Invalid --min-ttl "10y"/],
  ['--min-ttl abc', ['token', '--min-ttl', 'abc'], '', /Invalid --min-ttl "abc"/],
  ['--min-ttl without a unit', ['token', '--min-ttl', '5'], '', /a unit is missing/],
  ['--min-ttl over an hour', ['token', '--min-ttl', '2h'], '', /more than 1 h/],
  ['--domain zoom.com', [...login(...GOOD), '--domain', 'zoom.com'], SAMPLE_APP.clientSecret, /Unknown domain/],
  ['--domain example.com', [...login(...GOOD), '--domain', 'example.com'], SAMPLE_APP.clientSecret, /zoomgov\.com/],
  ['login --bogus', ['login', '--bogus'], '', /unknown option '--bogus'/],
  ['token --bogus', ['token', '--bogus'], '', /unknown option '--bogus'/],
  ['scopes --bogus', ['scopes', '--bogus'], '', /unknown option/],
  ['status --bogus', ['status', '--bogus'], '', /unknown option/],
  ['logout --bogus', ['logout', '--bogus'], '', /unknown option/],
  ['profiles --bogus', ['profiles', '--bogus'], '', /unknown option/],
  ['profiles use without a name', ['profiles', 'use'], '', /missing required argument/],
  ['token with an extra argument', ['token', 'extra'], '', /too many arguments/],
  ['scopes with an extra argument', ['scopes', 'extra'], '', /too many arguments/],
  ['status with an extra argument', ['status', 'x'], '', /too many arguments/],
  ['logout with an extra argument', ['logout', 'x'], '', /too many arguments/],
  ['profiles use with two names', ['profiles', 'use', 'a', 'b'], '', /too many arguments/],
  ['login with an extra argument', ['login', 'x'], '', /too many arguments/],
  ['an unknown command', ['tokn'], '', /unknown command 'tokn'/],
  ['token --json with --format', ['token', '--json', '--format', 'env'], '', /cannot be used with/],
  ['token --format yaml', ['token', '--format', 'yaml'], '', /Allowed choices are raw, json, env, header/],
  ['--ca-file without a value', ['token', '--ca-file'], '', /argument missing/],
];

describe('bad input', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  before(async () => {
    zoom = await startZoomEmulator();
    for (const account of ['default', 'default:token']) clearKeychainItem(account);
    box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
    const stored = await runCli(login(...GOOD), { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(stored.code, 0, stored.stderr);
  });
  after(() => zoom?.close());
  const snapshot = () => JSON.stringify([readFileSync(box.configFile, 'utf8'), keychainItem('default') ?? null, keychainItem('default:token') ?? null]);

  test(`${CASES.length} cases: exit 2, a short message, no request, state unchanged`, async () => {
    assert.ok(CASES.length >= 40);
    const before = snapshot();
    const requests = zoom.requests.length;
    for (const [what, args, input, message] of CASES) {
      const env = what.startsWith('ZOOM_S2S_PROFILE') ? { ...box.env, ZOOM_S2S_PROFILE: 'bad/name' } : box.env;
      const result = await runCli(args, { env, input });
      assert.equal(result.code, 2, `${what}: exit ${result.code}: ${result.stderr}`);
      assert.equal(result.stdout, '', what);
      assert.match(result.stderr, message, what);
      assert.ok(result.stderr.trimEnd().split('\n').length <= 3, `${what}: ${result.stderr}`);
      assert.ok(!result.stderr.includes('    at '), what);
      assert.equal(snapshot(), before, `${what} changed the stored state`);
    }
    assert.equal(zoom.requests.length, requests, 'no request reached the emulator');
    console.log(`# bad input: ${CASES.length} cases, each exit 2 with the state unchanged`);
  });
});
