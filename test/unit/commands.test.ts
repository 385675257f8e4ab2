import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runLogin, type LoginOptions } from '../../src/commands/login.js';
import { runLogout } from '../../src/commands/logout.js';
import { runScopes } from '../../src/commands/scopes.js';
import { runToken } from '../../src/commands/token/token.js';
import { nodeHttpClient } from '../../src/core/net/http.js';
import { CliError, ClipboardError, CredentialsRejectedError, ExitCode, InterruptedError, KeychainError, NotLoggedInError, UsageError } from '../../src/core/errors.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { fakeContext, type FakeOptions } from '../helpers/fake-context.js';

let zoom: ZoomEmulator;
before(async () => {
  zoom = await startZoomEmulator();
});
after(() => zoom.close());
beforeEach(() => {
  zoom.requests.length = 0;
});

/** A fake context whose fetch reaches the emulator. */
function context(options: FakeOptions = {}) {
  return fakeContext({ http: nodeHttpClient, ...options, env: { ZOOM_S2S_OAUTH_URL: zoom.origin, ...options.env } });
}

function loggedIn(options: FakeOptions = {}) {
  const fake = context(options);
  fake.settings.setProfile('default', { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId });
  fake.keychain.items.set('default', SAMPLE_APP.clientSecret);
  return fake;
}

const tokenDefaults = { profile: undefined, copy: false, format: 'raw' as const, minTtlMs: 300_000, force: false };
const login = (overrides: Partial<LoginOptions> = {}): LoginOptions => ({ profile: undefined, clientSecretStdin: false, verify: true, domain: 'zoom.us', insecureStorage: false, ...overrides });

describe('login', () => {
  test('from flags and a secret on stdin: verifies, then stores the secret in the keychain and the IDs in settings', async () => {
    const fake = context({ stdin: `${SAMPLE_APP.clientSecret}\r\n` });
    await runLogin(login({ accountId: SAMPLE_APP.accountId, clientId: ` ${SAMPLE_APP.clientId} `, clientSecretStdin: true }), fake.ctx);
    assert.equal(fake.keychain.items.get('default'), SAMPLE_APP.clientSecret);
    const { loginId, ...ids } = fake.settings.getProfile('default')!;
    assert.deepEqual(ids, { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId, domain: 'zoom.us', storage: 'keychain' });
    assert.match(loginId ?? '', /^[\w-]{16}$/);
    assert.equal(zoom.requests.length, 1);
    // The token minted to verify is cached, tied to this login.
    assert.match(fake.keychain.items.get('default:token') ?? '', /"accessToken":"eyJ/);
    assert.equal(fake.stdout(), '');
    assert.match(fake.stderr(), /Credentials verified with http:\/\/127\.0\.0\.1:\d+ \(ZOOM_S2S_OAUTH_URL\): 7 scopes granted/);
    assert.match(fake.stderr(), /test keychain/);
    assert.ok(!fake.stderr().includes(SAMPLE_APP.clientSecret));
  });

  test('from the environment variables', async () => {
    const fake = context({
      env: { ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId, ZOOM_CLIENT_ID: SAMPLE_APP.clientId, ZOOM_CLIENT_SECRET: SAMPLE_APP.clientSecret },
    });
    await runLogin(login(), fake.ctx);
    assert.equal(fake.keychain.items.get('default'), SAMPLE_APP.clientSecret);
  });

  test('prompts on a terminal, the secret with a masked prompt', async () => {
    const fake = context({ stdinTTY: true, stderrTTY: true, answers: [SAMPLE_APP.accountId, SAMPLE_APP.clientId, SAMPLE_APP.clientSecret] });
    await runLogin(login(), fake.ctx);
    assert.deepEqual(
      fake.prompter.asked.map((q) => q.kind),
      ['input', 'input', 'secret'],
    );
    assert.equal(fake.keychain.items.get('default'), SAMPLE_APP.clientSecret);
  });

  test('without a terminal a missing value is a usage error naming the flag and variable', async () => {
    const fake = context();
    const error = await runLogin(login({ accountId: SAMPLE_APP.accountId }), fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof UsageError);
    assert.equal(error.exitCode, ExitCode.usage);
    assert.match(`${error.message} ${error.hint}`, /--client-id.*ZOOM_CLIENT_ID/);
    assert.equal(fake.prompter.asked.length, 0);
    assert.equal(fake.keychain.items.size, 0);
  });

  test('rejected credentials store nothing and carry Zoom\'s reason', async () => {
    const fake = context({ stdin: 'wrong-secret\n' });
    const error = await runLogin(login({ accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId, clientSecretStdin: true }), fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialsRejectedError);
    assert.match(error.message, /Invalid client_id or client_secret/);
    assert.equal(fake.keychain.items.size, 0);
    assert.equal(fake.settings.profiles.size, 0);
  });

  test('--no-verify stores without a request', async () => {
    const fake = context({ stdin: 'anything\n' });
    await runLogin(login({ accountId: 'a', clientId: 'b', clientSecretStdin: true, verify: false }), fake.ctx);
    assert.equal(zoom.requests.length, 0);
    assert.equal(fake.keychain.items.get('default'), 'anything');
    assert.match(fake.stderr(), /Not verified/);
  });

  test('an unavailable keychain fails before anything is asked or sent', async () => {
    const fake = context({ stdinTTY: true, stderrTTY: true, answers: ['x', 'y', 'z'] });
    fake.keychain.unavailable = true;
    const error = await runLogin(login(), fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof KeychainError);
    assert.equal(error.exitCode, ExitCode.failure);
    assert.equal(fake.prompter.asked.length, 0);
    assert.equal(zoom.requests.length, 0);
    assert.equal(fake.settings.profiles.size, 0);
  });

  test('a client ID with ":" is refused before any request', async () => {
    const fake = context({ stdin: 'secret\n' });
    const error = await runLogin(login({ accountId: 'a', clientId: 'ab:cd', clientSecretStdin: true }), fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /":"/);
    assert.equal(zoom.requests.length, 0);
  });

  test('Ctrl-C at a prompt is an interruption and stores nothing', async () => {
    const fake = context({ stdinTTY: true, stderrTTY: true });
    fake.usePrompter({
      input: () => Promise.reject(new InterruptedError()),
      secret: () => Promise.reject(new InterruptedError()),
    });
    const error = await runLogin(login(), fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof InterruptedError);
    assert.equal(error.exitCode, 130);
    assert.equal(fake.keychain.items.size, 0);
  });
});

describe('token', () => {
  test('prints the token and a newline, nothing else on stdout', async () => {
    const fake = loggedIn();
    await runToken({ ...tokenDefaults, copy: false, format: 'raw' }, fake.ctx);
    assert.match(fake.stdout(), /^eyJ[\w.-]+\n$/);
    assert.equal(fake.stderr(), '');
  });

  test('says when the token expires when stderr is a terminal', async () => {
    const fake = loggedIn({ stderrTTY: true, env: { NO_COLOR: '1' } });
    await runToken({ ...tokenDefaults, copy: false, format: 'raw' }, fake.ctx);
    // After the spinner (stderr is a terminal; ora draws frames, or under CI one "- …" line), the one line.
    assert.match(fake.stderr(), /(?:^|\n|\u001b\[\?25h)Token expires in 59 min, at (?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC\.\n$/);
    const token = fake.stdout().trim();
    assert.ok(token.length > 20 && !fake.stderr().includes(token), 'the token is on stdout only');
  });

  test('--json has the documented shape', async () => {
    const fake = loggedIn();
    await runToken({ ...tokenDefaults, copy: false, format: 'json' }, fake.ctx);
    const value = JSON.parse(fake.stdout()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['accessToken', 'tokenType', 'expiresAt', 'expiresIn', 'scopes', 'apiUrl']);
    assert.equal(value.tokenType, 'bearer');
    assert.match(String(value.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(typeof value.expiresIn, 'number');
    assert.deepEqual(value.scopes, SAMPLE_APP.scopes);
    assert.equal(value.apiUrl, 'https://api.zoom.us');
  });

  test('--copy puts the token on the clipboard and nothing on stdout', async () => {
    const fake = loggedIn();
    await runToken({ ...tokenDefaults, copy: true, format: 'raw' }, fake.ctx);
    assert.match(fake.clipboard.text ?? '', /^eyJ/);
    assert.equal(fake.stdout(), '');
    assert.match(fake.stderr(), /copied to the clipboard/);
    assert.ok(!fake.stderr().includes(fake.clipboard.text!));
  });

  test('--copy without a clipboard fails with the reason', async () => {
    const fake = loggedIn();
    fake.ctx.clipboard = async () => ({ write: () => Promise.reject(new ClipboardError('No clipboard available: no display.')), read: async () => '' });
    const error = await runToken({ ...tokenDefaults, copy: true, format: 'raw' }, fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof ClipboardError);
    assert.equal(error.exitCode, ExitCode.failure);
    assert.equal(fake.stdout(), '');
  });

  test('not logged in: exit 3 and no request', async () => {
    const fake = context();
    const error = await runToken({ ...tokenDefaults, copy: false, format: 'raw' }, fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof NotLoggedInError);
    assert.equal(error.exitCode, ExitCode.notLoggedIn);
    assert.equal(zoom.requests.length, 0);
  });

  test('a profile whose login was interrupted is removed, its cached token never served', async () => {
    const fake = loggedIn();
    await runToken(tokenDefaults, fake.ctx);
    assert.ok(fake.keychain.items.has('default:token'), 'a token is cached');
    const printed = fake.stdout();
    await fake.settings.setProfile('default', { ...fake.settings.getProfile('default')!, pending: true });
    const error = await runToken(tokenDefaults, fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof NotLoggedInError);
    assert.equal(fake.stdout(), printed, 'no second token');
    assert.match(error.message, /Removed profile "default": its login was interrupted/);
    assert.equal(fake.settings.getProfile('default'), undefined);
    assert.deepEqual([...fake.keychain.items.keys()], []);
  });

  test('settings without a secret in the keychain is "not logged in", naming the keychain', async () => {
    const fake = loggedIn();
    fake.keychain.items.clear();
    const error = await runToken({ ...tokenDefaults, copy: false, format: 'raw' }, fake.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof NotLoggedInError);
    assert.match(error.message, /missing from the test keychain/);
  });
});

describe('scopes', () => {
  test('not a terminal: one scope per line, sorted', async () => {
    const fake = loggedIn();
    await runScopes({ profile: undefined, json: false, require: [] }, fake.ctx);
    assert.equal(fake.stdout(), [...SAMPLE_APP.scopes].sort().map((s) => `${s}\n`).join(''));
  });

  test('--json: each scope with its kind and product', async () => {
    const fake = loggedIn();
    await runScopes({ profile: undefined, json: true, require: [] }, fake.ctx);
    const { scopes } = JSON.parse(fake.stdout()) as { scopes: Array<{ scope: string; kind: string; product: string }> };
    assert.deepEqual(scopes.map((s) => s.scope), [...SAMPLE_APP.scopes].sort());
    assert.deepEqual(scopes[0], { scope: 'meeting:read:admin', kind: 'classic', product: 'meeting' });
    assert.deepEqual(scopes.find((s) => s.scope === 'user:read:user:admin'), { scope: 'user:read:user:admin', kind: 'granular', product: 'user' });
  });

  test('--require: nothing on stdout when every scope is there; exit 6 naming the missing ones', async () => {
    const fake = loggedIn();
    await runScopes({ profile: undefined, json: false, require: ['meeting:read:admin', 'user:read:user:admin'] }, fake.ctx);
    assert.equal(fake.stdout(), '');
    const missing = loggedIn();
    const error = await runScopes({ profile: undefined, json: false, require: ['meeting:read:admin,webinar:write:admin', 'phone:read:admin'] }, missing.ctx).catch((e: unknown) => e);
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, 6);
    assert.equal(error.message, 'The app lacks 2 of 3 required scopes:\n  webinar:write:admin\n  phone:read:admin');
    assert.match(error.hint ?? '', /^Add them on/);
    const one = await runScopes({ profile: undefined, json: false, require: ['meeting:read:admin', 'phone:read:admin'] }, loggedIn().ctx).catch((e: unknown) => e);
    assert.ok(one instanceof CliError);
    assert.equal(one.message, 'The app lacks 1 of 2 required scopes:\n  phone:read:admin');
    assert.match(one.hint ?? '', /^Add it on/, 'one scope: "it"');
    await assert.rejects(runScopes({ profile: undefined, json: false, require: ['not a scope!'] }, loggedIn().ctx), UsageError);
  });

  test('--require with a cached token that lacks a scope: checked again with a new token', async () => {
    const fake = loggedIn();
    const before = zoom.issuedCount();
    await runScopes({ profile: undefined, json: false, require: ['meeting:read:admin'] }, fake.ctx);
    assert.equal(zoom.issuedCount(), before + 1);
    // A scope added to the app after the cached token was minted.
    fake.advance(60_000);
    zoom.apps[0]!.scopes.push('webinar:read:admin');
    try {
      await runScopes({ profile: undefined, json: true, require: ['webinar:read:admin'] }, fake.ctx);
      assert.deepEqual(JSON.parse(fake.stdout()), { required: ['webinar:read:admin'], missing: [] });
      assert.equal(zoom.issuedCount(), before + 2);
    } finally {
      zoom.apps[0]!.scopes.pop();
    }
  });

  test('a terminal: grouped by product, coloured unless NO_COLOR', async () => {
    const plain = loggedIn({ stdoutTTY: true, env: { NO_COLOR: '1' } });
    await runScopes({ profile: undefined, json: false, require: [] }, plain.ctx);
    assert.match(plain.stdout(), /^7 scopes granted to this app\n\nmeeting \(2\)\n  meeting:read:admin  \(classic\)\n  meeting:write:admin  \(classic\)\n\nrecording \(1\)\n  recording:read:list_user_recordings:admin\n/);
    assert.ok(!plain.stdout().includes('\u001b['));

    const coloured = loggedIn({ stdoutTTY: true });
    await runScopes({ profile: undefined, json: false, require: [] }, coloured.ctx);
    assert.ok(coloured.stdout().includes('\u001b['));
  });
});

describe('logout', () => {
  test('removes the secret and the settings', async () => {
    const fake = loggedIn();
    await runLogout({ profile: undefined, all: false }, fake.ctx);
    assert.equal(fake.keychain.items.size, 0);
    assert.equal(fake.settings.profiles.size, 0);
    assert.match(fake.stderr(), /removed from the test keychain/);
  });

  test('nothing stored is not an error', async () => {
    const fake = context();
    await runLogout({ profile: undefined, all: false }, fake.ctx);
    assert.match(fake.stderr(), /nothing to remove/);
  });

  test('a keychain failure leaves the settings for the next try', async () => {
    const fake = loggedIn();
    fake.keychain.unavailable = true;
    await assert.rejects(runLogout({ profile: undefined, all: false }, fake.ctx), KeychainError);
    assert.equal(fake.settings.profiles.size, 1);
  });
});
