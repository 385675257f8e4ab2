/** The proxy's own pieces: where a request goes (core/api/proxy-target.ts), which headers pass (core/net/forwarding.ts), loopback flags, and reading a body's start (readHead). */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { loggedTarget, proxyTarget } from '../../src/core/api/proxy-target.js';
import { UsageError } from '../../src/core/errors.js';
import { requestHeadersToForward, responseHeadersToForward } from '../../src/core/net/forwarding.js';
import { readHead } from '../../src/core/net/http.js';
import { parseLoopbackAddress, parseLoopbackHost, parsePort } from '../../src/commands/serve.js';

const BASE = 'https://api.zoom.us/v2';

describe('proxy target', () => {
  test('a path below /v2 and its query go to the same path below the API base', () => {
    const target = proxyTarget('/v2/users/me/meetings?type=upcoming&page_size=30', BASE);
    assert.ok(target.ok);
    assert.equal(target.url.toString(), 'https://api.zoom.us/v2/users/me/meetings?type=upcoming&page_size=30');
    assert.equal(target.apiPath, '/users/me/meetings');
  });

  test('the same under an API base that is not at the root (an emulator, ZOOM_S2S_API_URL)', () => {
    const target = proxyTarget('/v2/users/me', 'http://127.0.0.1:9999/zoom/v2');
    assert.ok(target.ok);
    assert.equal(target.url.toString(), 'http://127.0.0.1:9999/zoom/v2/users/me');
  });

  test('not below /v2, or leaving it, or ambiguous: refused with a status', () => {
    const cases: Array<[string, number]> = [
      ['/users/me', 404],
      ['/v2', 404],
      ['/v20/users', 404],
      ['', 404],
      ['/v2/../oauth/token', 400],
      ['/v2/%2e%2e/oauth/token', 400],
      ['/v2/users/me/../../../x', 400],
      ['/v2/users%2Fme', 400],
      ['/v2/users%5cme', 400],
      ['/v2/users\\me', 400],
      ['/v2/users/me;type=admin', 400],
      ['/v2/users/me%3Btype=admin', 400],
      ['/v2/users/me%2e', 400],
      ['/v2/users/me%00', 400],
      ['/v2/users//meetings', 400],
    ];
    for (const [rest, status] of cases) {
      const target = proxyTarget(rest, BASE);
      assert.ok(!target.ok, rest);
      assert.equal(target.refusal.status, status, rest);
    }
  });

  test('".." that stays below /v2 is resolved before the policy sees the path', () => {
    const target = proxyTarget('/v2/users/x/../me', BASE);
    assert.ok(target.ok);
    assert.equal(target.apiPath, '/users/me');
  });

  test('the log shows the path and the query\'s names, never its values', () => {
    assert.equal(loggedTarget(new URL('https://api.zoom.us/v2/users?page_size=30&next_page_token=SECRETISH'), BASE), '/v2/users?page_size=…&next_page_token=…');
    assert.equal(loggedTarget(new URL('https://api.zoom.us/v2/users/me'), BASE), '/v2/users/me');
  });
});

describe('forwarded headers', () => {
  test('a client\'s: only those on the list, and not when Connection names them; overrides, Cookie, Authorization, Referer and the rest stay behind', () => {
    const out = requestHeadersToForward({
      host: '127.0.0.1:8123',
      authorization: 'Bearer the-client-has-none',
      connection: 'keep-alive, X-Hop, Accept-Language',
      'keep-alive': 'timeout=5',
      'x-hop': '1',
      te: 'trailers',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      'proxy-authorization': 'Basic eA==',
      expect: '100-continue',
      'content-length': '12',
      'x-http-method-override': 'DELETE',
      'x-http-method': 'DELETE',
      'x-method-override': 'DELETE',
      'x-original-url': '/v2/users/me/meetings',
      'x-rewrite-url': '/v2/users/me/meetings',
      forwarded: 'for=10.0.0.1;host=api.zoom.us',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
      referer: 'http://127.0.0.1:8123/the-key/v2',
      cookie: 'a=1',
      'x-multi': ['one', 'two'],
      accept: 'application/json',
      'accept-language': 'en',
      'content-type': 'application/json',
      'if-none-match': '"abc"',
      'user-agent': 'curl/8.0',
    });
    assert.deepEqual(out, { accept: 'application/json', 'content-type': 'application/json', 'if-none-match': '"abc"', 'user-agent': 'curl/8.0' });
  });

  test('an answer\'s: in order, repeats kept, hop-by-hop and what Connection names left out', () => {
    const raw = ['Content-Type', 'application/json', 'Set-Cookie', 'a=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT', 'Connection', 'close, X-Hop', 'Set-Cookie', 'b=2', 'Transfer-Encoding', 'chunked', 'X-Hop', 'y', 'Keep-Alive', 'timeout=5', 'x-zm-trackingid', 'v=2.0'];
    assert.deepEqual(responseHeadersToForward(raw), ['Content-Type', 'application/json', 'Set-Cookie', 'a=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT', 'Set-Cookie', 'b=2', 'x-zm-trackingid', 'v=2.0']);
  });
});

describe('loopback flags', () => {
  test('127.0.0.1, localhost, ::1 and [::1]; nothing else', () => {
    assert.equal(parseLoopbackHost('127.0.0.1', '--host'), '127.0.0.1');
    assert.equal(parseLoopbackHost('localhost', '--host'), '127.0.0.1');
    assert.equal(parseLoopbackHost('[::1]', '--host'), '::1');
    assert.equal(parseLoopbackHost('::1', '--host'), '::1');
    for (const host of ['0.0.0.0', '::', '127.0.0.2', '192.168.1.10', 'example.com', '']) assert.throws(() => parseLoopbackHost(host, '--host'), UsageError, host);
  });

  test('ports 0 to 65535', () => {
    assert.equal(parsePort('0', '--port'), 0);
    assert.equal(parsePort('8123', '--port'), 8123);
    for (const port of ['65536', '-1', '80x', '', '1e3']) assert.throws(() => parsePort(port, '--port'), UsageError, port);
  });

  test('--http: a loopback address and a port, the flag named in the error', () => {
    assert.deepEqual(parseLoopbackAddress('127.0.0.1:8123', '--http'), { host: '127.0.0.1', port: 8123 });
    assert.deepEqual(parseLoopbackAddress('[::1]:0', '--http'), { host: '::1', port: 0 });
    assert.deepEqual(parseLoopbackAddress('localhost:80', '--http'), { host: '127.0.0.1', port: 80 });
    for (const address of ['127.0.0.1', '0.0.0.0:8123', '[::]:1', '127.0.0.1:65536', ':8123', 'example.com:80']) {
      assert.throws(() => parseLoopbackAddress(address, '--http'), (error: unknown) => error instanceof UsageError && error.message.startsWith("--http "), address);
    }
  });
});

describe('readHead', () => {
  const chunks = (...sizes: number[]) => Readable.from(sizes.map((size, i) => Buffer.alloc(size, 65 + i)));
  const all = async (stream: Readable) => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };

  test('a body within the limit is read whole', async () => {
    const read = await readHead(chunks(3, 4), 10);
    assert.equal(read.complete, true);
    assert.equal(read.head.toString(), 'AAABBBB');
    assert.equal((await all(read.whole)).toString(), 'AAABBBB');
  });

  test('a body of exactly the limit is whole; one byte more is not', async () => {
    assert.equal((await readHead(chunks(5, 5), 10)).complete, true);
    const over = await readHead(chunks(5, 6), 10);
    assert.equal(over.complete, false);
    assert.equal(over.head.length, 10);
  });

  test('a larger body: its start, and the whole of it still to be read', async () => {
    const read = await readHead(chunks(4, 4, 4, 4), 6);
    assert.equal(read.complete, false);
    assert.equal(read.head.toString(), 'AAAABB');
    assert.equal((await all(read.whole)).toString(), 'AAAABBBBCCCCDDDD');
  });

  test('a body that breaks off fails, unless asked to count it as what arrived (an error answer)', async () => {
    const broken = () =>
      Readable.from(
        (async function* () {
          yield Buffer.from('{"code":1');
          throw new Error('socket hang up');
        })(),
      );
    await assert.rejects(readHead(broken(), 100), /socket hang up/);
    const kept = await readHead(broken(), 100, { brokenOffIsComplete: true });
    assert.equal(kept.complete, true);
    assert.equal(kept.head.toString(), '{"code":1');
  });
});
