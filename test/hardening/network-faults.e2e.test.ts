/**
 * What the network and Zoom can throw at a token request, each through the
 * built CLI against the emulator: the exit code, the message, and never a
 * stack trace. Credentials come from the environment and there is no
 * keychain, so every call is a real request.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type Scripted, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';
import { makeTestPki, noOpenssl } from '../helpers/tls.js';

const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };

describe('network and Zoom faults', () => {
  let zoom: ZoomEmulator;
  let elsewhere: http.Server;
  let elsewhereHits = 0;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [SAMPLE_APP, { ...SAMPLE_APP, clientId: 'generalApp01', kind: 'general' }] });
    elsewhere = http.createServer((_req, res) => {
      elsewhereHits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    elsewhere?.close();
    await zoom?.close();
  });
  const token = (extra: Record<string, string> = {}) => runCli(['token'], { env: sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...ENV, ...extra }).env });

  const big = 'x'.repeat(5 * 1024 * 1024);
  const cases: Array<[string, Scripted[], number, RegExp]> = [
    ['500 three times', [{ status: 500 }, { status: 500 }, { status: 500 }], 5, /HTTP 500.*\(3 attempts\)/],
    ['503 then 200', [{ status: 503, body: '<html>busy</html>', headers: { 'content-type': 'text/html' } }], 0, /^$/],
    ['429 with Retry-After, then 200', [{ status: 429, headers: { 'retry-after': '1' }, body: '{}' }], 0, /^$/],
    ['429 without Retry-After, then 200', [{ status: 429, body: '{}' }], 0, /^$/],
    ['429 three times', [{ status: 429, body: '{}' }, { status: 429, body: '{}' }, { status: 429, body: '{}' }], 5, /HTTP 429/],
    ['a slow answer within the timeout', [{ delayMs: 2000 }], 0, /^$/],
    ['a dropped connection, then 200', [{ reset: true }], 0, /^$/],
    ['200 with an HTML page', [{ status: 200, body: '<html>login portal</html>', headers: { 'content-type': 'text/html' } }], 5, /Unexpected response.*not a JSON object/],
    ['200 with truncated JSON', [{ status: 200, body: '{"access_token":"eyJ' }], 5, /Unexpected response/],
    ['200 without access_token', [{ status: 200, body: '{"token_type":"bearer","expires_in":3600}' }], 5, /no access_token/],
    ['200 with expires_in 0', [{ status: 200, body: '{"access_token":"x","expires_in":0}' }], 5, /expires_in is not a whole number of seconds/],
    ['200 with expires_in negative', [{ status: 200, body: '{"access_token":"x","expires_in":-5}' }], 5, /expires_in/],
    ['200 with expires_in not a number', [{ status: 200, body: '{"access_token":"x","expires_in":"soon"}' }], 5, /expires_in/],
    ['a body of 5 MB', [{ status: 200, body: big }], 5, /larger than 1 MiB/],
    ['400 invalid_client', [{ status: 400, body: '{"reason":"Invalid client_id or client_secret","error":"invalid_client"}' }], 4, /Zoom rejected the credentials: Invalid client_id or client_secret/],
    ['401 without a body', [{ status: 401 }], 4, /Zoom rejected the credentials: HTTP 401/],
    ['400 unsupported_grant_type', [{ status: 400, body: '{"reason":"unsupported grant type","error":"unsupported_grant_type"}' }], 4, /unsupported grant type/],
    ['400 invalid account', [{ status: 400, body: '{"reason":"Invalid account_id","error":"invalid_request"}' }], 4, /Invalid account_id/],
    ['a 404 (wrong origin)', [{ status: 404, body: '{"code":404,"message":"Not found"}' }], 5, /Unexpected response.*HTTP 404/],
  ];
  for (const [name, script, code, message] of cases) {
    test(`${name}: exit ${code}`, async () => {
      zoom.script(...script);
      const result = await token();
      assert.equal(result.code, code, result.stderr);
      if (code === 0) assert.match(result.stdout, /^eyJ/);
      else {
        assert.equal(result.stdout, '');
        assert.match(result.stderr, message);
        assert.ok(result.stderr.trimEnd().split('\n').length <= 2, result.stderr);
      }
      assert.ok(!result.stderr.includes('    at '), 'no stack trace');
      assert.ok(!result.stderr.includes(SAMPLE_APP.clientSecret));
    });
  }

  test('a redirect to another host is not followed: exit 5, nothing sent there', async () => {
    zoom.script({ status: 307, headers: { location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/oauth/token` } });
    const result = await token();
    assert.equal(result.code, 5);
    assert.match(result.stderr, /redirect to .* \(not followed\)/);
    assert.equal(elsewhereHits, 0);
  });

  test('connection refused: exit 5, at once', async () => {
    const result = await token({ ZOOM_S2S_OAUTH_URL: 'http://127.0.0.1:9' });
    assert.equal(result.code, 5);
    assert.match(result.stderr, /^error: Could not connect to 127\.0\.0\.1:9: connection refused\.\n/);
    assert.ok(result.ms < 5000);
  });

  test('an unresolvable host: exit 5, DNS failure', async () => {
    const result = await token({ ZOOM_S2S_OAUTH_URL: 'https://zoom-s2s-test.invalid' });
    assert.equal(result.code, 5);
    assert.match(result.stderr, /Could not resolve zoom-s2s-test\.invalid \(DNS lookup failed\)/);
  });

  test('TLS: an untrusted CA and a certificate for another name: exit 5', { skip: noOpenssl }, async () => {
    const pki = makeTestPki();
    const untrusted = await startZoomEmulator({ tls: pki.server });
    const wrongName = await startZoomEmulator({ tls: pki.wrongName });
    try {
      const a = await token({ ZOOM_S2S_OAUTH_URL: untrusted.origin });
      assert.equal(a.code, 5);
      assert.match(a.stderr, /TLS connection .* failed: .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)/);
      const b = await token({ ZOOM_S2S_OAUTH_URL: wrongName.origin, NODE_EXTRA_CA_CERTS: pki.caFile });
      assert.equal(b.code, 5);
      assert.match(b.stderr, /ERR_TLS_CERT_ALTNAME_INVALID/);
      assert.equal(untrusted.requests.length + wrongName.requests.length, 0);
    } finally {
      await untrusted.close();
      await wrongName.close();
    }
  });
});
