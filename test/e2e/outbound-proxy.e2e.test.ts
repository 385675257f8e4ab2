/** Requests through a real HTTP proxy (the npm `proxy` package) to the emulator over HTTPS. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProxy } from 'proxy';
import { startApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';
import { makeTestPki, noOpenssl, type TestPki } from '../helpers/tls.js';
import { tempDir } from '../helpers/temp.js';

const ENV_CREDENTIALS = credentialVariables(SAMPLE_APP);

describe('proxies and extra CAs', { skip: noOpenssl }, () => {
  let zoom: ZoomEmulator;
  let pki: TestPki;
  let proxy: http.Server;
  let proxyUrl: string;
  const tunnels: string[] = [];
  before(async () => {
    pki = makeTestPki();
    zoom = await startZoomEmulator({ tls: pki.server });
    proxy = createProxy(http.createServer());
    proxy.on('connect', (req: http.IncomingMessage) => void tunnels.push(req.url ?? ''));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    proxy?.closeAllConnections();
    proxy?.close();
    await zoom?.close();
  });
  // No keychain: environment credentials, a fresh mint each call.
  const env = (extra: Record<string, string>) =>
    sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN, ...ENV_CREDENTIALS, ...extra }).env;

  test('HTTPS_PROXY: the token request goes through the proxy (a CONNECT tunnel)', async () => {
    const before = tunnels.length;
    const result = await runCli(['token', '--ca-file', pki.caFile], { env: env({ HTTPS_PROXY: proxyUrl }) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${zoom.issued.at(-1)}\n`);
    assert.deepEqual(tunnels.slice(before), [new URL(zoom.origin).host]);
    assert.equal(result.stderr, '', 'no experimental-feature warning from undici');
  });

  test('https_proxy in lower case, and the CA from ZOOM_S2S_CA_FILE', async () => {
    const before = tunnels.length;
    const result = await runCli(['token'], { env: env({ https_proxy: proxyUrl, ZOOM_S2S_CA_FILE: pki.caFile }) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(tunnels.length, before + 1);
  });

  test('NO_PROXY bypasses the proxy', async () => {
    const before = tunnels.length;
    const requests = zoom.requests.length;
    const result = await runCli(['token', '--ca-file', pki.caFile], { env: env({ HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' }) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(tunnels.length, before);
    assert.equal(zoom.requests.length, requests + 1);
  });

  test('without the CA the emulator\'s certificate is refused, through the proxy too (exit 5)', async () => {
    for (const extra of [{}, { HTTPS_PROXY: proxyUrl }] as Array<Record<string, string>>) {
      const result = await runCli(['token'], { env: env(extra) });
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /TLS connection to 127\.0\.0\.1:\d+ failed|certificate/i);
    }
  });

  test('a proxy that refuses the connection: exit 5 with a clear message', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCli(['token', '--ca-file', pki.caFile], { env: env({ HTTPS_PROXY: `http://127.0.0.1:${port}` }) });
    assert.equal(result.code, 5, result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 2, result.stderr);
  });

  test('api through the proxy: the call, a download to a file, and Zoom\'s error body', async () => {
    const api = await startApiEmulator({ issuer: zoom });
    // undici tunnels plain http through CONNECT as well.
    const proxied = () => tunnels.filter((host) => host === new URL(api.origin).host || host === new URL(api.cdnOrigin).host);
    try {
      const box = env({ HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, ZOOM_S2S_API_URL: api.base, ZOOM_S2S_CA_FILE: pki.caFile });
      const me = await runCli(['api', '/users/me'], { env: box });
      assert.equal(me.code, 0, me.stderr);
      assert.equal((JSON.parse(me.stdout) as { email: string }).email, 'jchill@example.com');
      assert.deepEqual(proxied(), [new URL(api.origin).host]);

      const file = path.join(tempDir('zoom-s2s-proxy-'), 'standup.mp4');
      const download = await runCli(['api', `${api.origin}/rec/download/standup`, '-o', file], { env: box });
      assert.equal(download.code, 0, download.stderr);
      assert.ok(readFileSync(file).equals(api.recording));
      assert.deepEqual(proxied().slice(1), [new URL(api.origin).host, new URL(api.cdnOrigin).host], 'the download and its redirect went through the proxy');

      const missing = await runCli(['api', '/users/nobody'], { env: box });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /^\{"code":1001,"message":"User does not exist: nobody\."\}\nerror: Zoom API answered HTTP 404 Not Found to GET \/v2\/users\/nobody\.\n$/);
    } finally {
      await api.close();
    }
  });

  test('a --ca-file that does not exist: exit 2 naming it', async () => {
    const result = await runCli(['token', '--ca-file', '/nonexistent/ca.pem'], { env: env({}) });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Cannot read the CA file \/nonexistent\/ca\.pem/);
  });
});
