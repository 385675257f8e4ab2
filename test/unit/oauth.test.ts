import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CredentialsRejectedError, ExitCode, NetworkError } from '../../src/core/errors.js';
import { nodeHttpClient } from '../../src/core/net/http.js';
import { DEFAULT_MINT_LIMITS, mintToken, type MintDeps } from '../../src/core/auth/oauth.js';
import { SAMPLE_APP, startZoomEmulator, TOKEN_LIFETIME_SECONDS, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { makeTestPki, noOpenssl } from '../helpers/tls.js';

/** A secret whose Basic value has "+", "/" and "=" in base64 (and "-", "_", no padding in base64url). */
const BASE64_APP = { ...SAMPLE_APP, clientId: 'base64Client', clientSecret: 'demoSecret>>>?~~~0123456789' };

const at = (origin: string) => ({ origin, domain: 'zoom.us' as const });

const credentials = { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId, clientSecret: SAMPLE_APP.clientSecret };

function deps(debugLines: string[] = []): MintDeps & { slept: number[] } {
  const slept: number[] = [];
  return {
    http: nodeHttpClient,
    now: Date.now,
    sleep: async (ms) => void slept.push(ms),
    debug: (line) => void debugLines.push(line),
    random: () => 0,
    slept,
  };
}

describe('mintToken against the emulator', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator({
      apps: [SAMPLE_APP, { ...SAMPLE_APP, clientId: 'generalApp', kind: 'general' }, BASE64_APP],
    });
  });
  after(() => zoom.close());
  beforeEach(() => {
    zoom.requests.length = 0;
  });

  test('sends the request Zoom expects and maps the answer', async () => {
    const start = Date.now();
    const token = await mintToken(credentials, at(zoom.origin), deps());
    assert.equal(zoom.requests.length, 1);
    const request = zoom.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/oauth/token');
    assert.equal(request.contentType, 'application/x-www-form-urlencoded');
    assert.equal(request.body, `grant_type=account_credentials&account_id=${SAMPLE_APP.accountId}`);
    assert.equal(request.clientId, SAMPLE_APP.clientId);
    assert.equal(request.authorization, `Basic ${Buffer.from(`${SAMPLE_APP.clientId}:${SAMPLE_APP.clientSecret}`).toString('base64')}`);
    assert.equal(request.query, '');
    assert.equal(request.problem, undefined);
    assert.match(token.accessToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(token.tokenType, 'bearer');
    assert.deepEqual(token.scopes, SAMPLE_APP.scopes);
    assert.equal(token.apiUrl, 'https://api.zoom.us');
    // expiresAt counts from when the request was sent.
    assert.ok(token.expiresAt >= start + TOKEN_LIFETIME_SECONDS * 1000);
    assert.ok(token.expiresAt <= Date.now() + TOKEN_LIFETIME_SECONDS * 1000);
  });

  test('the Basic value is standard base64 with padding, exactly', async () => {
    const { clientId, clientSecret } = BASE64_APP;
    const token = await mintToken({ accountId: BASE64_APP.accountId, clientId, clientSecret }, at(zoom.origin), deps());
    assert.ok(token.accessToken);
    const expected = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    assert.match(expected, /\+.*\/.*==$/, 'the sample secret exercises "+", "/" and padding');
    assert.equal(zoom.requests[0]!.authorization, `Basic ${expected}`);
    assert.equal(zoom.requests[0]!.problem, undefined);
  });

  test('a wrong secret is rejected with Zoom\'s reason, exit 4, no retry', async () => {
    const error = await mintToken({ ...credentials, clientSecret: 'nope' }, at(zoom.origin), deps()).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialsRejectedError);
    assert.equal(error.exitCode, ExitCode.rejected);
    assert.equal(error.zoomError, 'invalid_client');
    assert.match(error.message, /Invalid client_id or client_secret/);
    assert.equal(zoom.requests.length, 1);
  });

  test('credentials of a non-S2S app: unsupported grant type', async () => {
    const error = await mintToken({ ...credentials, clientId: 'generalApp' }, at(zoom.origin), deps()).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialsRejectedError);
    assert.match(error.message, /unsupported grant type/);
    assert.match(error.hint ?? '', /Server-to-Server/);
  });

  test('a wrong account ID: invalid_request, exit 4', async () => {
    const error = await mintToken({ ...credentials, accountId: 'other' }, at(zoom.origin), deps()).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialsRejectedError);
    assert.equal(error.zoomError, 'invalid_request');
    assert.match(error.hint ?? '', /account ID/);
  });

  test('a 503 then a 200 succeeds after one backoff', async () => {
    zoom.script({ status: 503, body: '<html>Service Unavailable</html>', headers: { 'content-type': 'text/html' } });
    const d = deps();
    const token = await mintToken(credentials, at(zoom.origin), d);
    assert.ok(token.accessToken);
    assert.equal(zoom.requests.length, 2);
    assert.deepEqual(d.slept, [500]);
  });

  test('three 500s end in a network error naming the status', async () => {
    zoom.script({ status: 500 }, { status: 500 }, { status: 500 });
    const d = deps();
    const error = await mintToken(credentials, at(zoom.origin), d).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError);
    assert.equal(error.exitCode, ExitCode.network);
    assert.match(error.message, /HTTP 500/);
    assert.equal(zoom.requests.length, 3);
    assert.deepEqual(d.slept, [500, 1000]);
  });

  test('429 honours Retry-After', async () => {
    zoom.script({ status: 429, headers: { 'retry-after': '2' }, body: '{}' });
    const d = deps();
    await mintToken(credentials, at(zoom.origin), d);
    assert.deepEqual(d.slept, [2000]);
  });

  test('a dropped connection is retried', async () => {
    zoom.script({ reset: true });
    const token = await mintToken(credentials, at(zoom.origin), deps());
    assert.ok(token.accessToken);
    assert.equal(zoom.requests.length, 2);
  });

  for (const [name, body] of [
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['truncated JSON', '{"access_token":"eyJ'],
    ['JSON without access_token', '{"token_type":"bearer","expires_in":3600}'],
    ['expires_in that is not positive', '{"access_token":"x","expires_in":0}'],
    ['a JSON array', '[1,2]'],
  ] as const) {
    test(`a 200 with ${name} is an unexpected response, not retried`, async () => {
      zoom.script({ status: 200, body });
      const error = await mintToken(credentials, at(zoom.origin), deps()).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, /Unexpected response/);
      assert.equal(zoom.requests.length, 1);
    });
  }

  test('a server that never answers ends within the request timeout, retried, then gives up', async () => {
    zoom.script({ hang: true }, { hang: true });
    const started = Date.now();
    const error = await mintToken(credentials, at(zoom.origin), deps(), { ...DEFAULT_MINT_LIMITS, requestTimeoutMs: 200, maxAttempts: 2 }).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError, String(error));
    assert.match(error.message, /did not answer/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(zoom.requests.length, 2);
  });

  test('debug lines never carry the secret or the Authorization header', async () => {
    const lines: string[] = [];
    await mintToken(credentials, at(zoom.origin), deps(lines));
    const text = lines.join('\n');
    assert.ok(lines.length >= 2);
    assert.ok(!text.includes(SAMPLE_APP.clientSecret));
    assert.ok(!/basic /i.test(text));
  });
});

describe('mintToken against other servers', () => {
  test('connection refused is reported at once', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await mintToken(credentials, at(`http://127.0.0.1:${port}`), deps()).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, /connection refused/);
  });

  test('a redirect is not followed, so credentials never go to another host', async () => {
    let followed = 0;
    const elsewhere = http.createServer((_req, res) => {
      followed++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const redirecting = http.createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/oauth/token` });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const error = await mintToken(credentials, at(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`), deps()).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError);
      assert.match(error.message, /redirect/);
      assert.equal(followed, 0);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });

  test('a body of many megabytes is refused without reading it all', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const push = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const error = await mintToken(credentials, at(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), deps()).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError);
      assert.match(error.message, /larger than 1 MiB/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('an unresolvable host is a DNS failure', async () => {
    const error = await mintToken(credentials, at('https://nonexistent-host.invalid'), deps()).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, /Could not resolve nonexistent-host\.invalid \(DNS lookup failed\)/);
  });

  test('a certificate from an untrusted CA is a TLS failure, not retried', { skip: noOpenssl }, async () => {
    const pki = makeTestPki();
    const zoom = await startZoomEmulator({ tls: pki.server });
    try {
      const error = await mintToken(credentials, at(zoom.origin), deps()).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError);
      assert.match(error.message, /^TLS connection to 127\.0\.0\.1:\d+ failed: .*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN\)/);
      assert.match(error.hint ?? '', /NODE_EXTRA_CA_CERTS/);
      assert.equal(zoom.requests.length, 0);
    } finally {
      await zoom.close();
    }
  });
});
