/** The pieces of `zoom-s2s api`: request planning, URLs and trust, pagination, the retry policy, output. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runApi, type ApiOptions } from '../../src/commands/api/api.js';
import { childEnvironment } from '../../src/commands/exec.js';
import { callApi, DEFAULT_API_LIMITS, type ApiCall, type ApiCallDeps } from '../../src/core/api/call.js';
import { planApiRequest, type FieldArgument } from '../../src/commands/api/request.js';
import { apiBase, resolveApiUrl, tokenMayGoTo } from '../../src/core/api/url.js';
import { CliError, NetworkError, UsageError } from '../../src/core/errors.js';
import { nodeHttpClient, nodeHttpOpener, type StreamingRequest } from '../../src/core/net/http.js';
import { mayLosePrecision, renderJson } from '../../src/terminal/json-render.js';
import { PLAIN } from '../../src/terminal/output.js';
import { mergePages, nextPageToken } from '../../src/core/api/paginate.js';
import { escapeControls } from '../../src/core/text.js';
import { Masker } from '../../src/core/masking.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { fakeContext } from '../helpers/fake-context.js';

const typed = (...texts: string[]): FieldArgument[] => texts.map((text) => ({ text, typed: true }));
const plan = (args: Partial<Parameters<typeof planApiRequest>[0]>) =>
  planApiRequest({ method: undefined, fields: [], headers: [], input: undefined, paginate: false, ...args }, 'zoom-s2s/test');

describe('planning a request', () => {
  test('GET without a body, POST with one; -X wins', () => {
    assert.equal(plan({}).method, 'GET');
    assert.equal(plan({ fields: typed('a=1') }).method, 'POST');
    assert.equal(plan({ input: Buffer.from('{}') }).method, 'POST');
    assert.equal(plan({ method: 'patch', fields: typed('a=1') }).method, 'PATCH');
    assert.equal(plan({ paginate: true, fields: typed('page_size=300') }).method, 'GET');
  });

  test('-F converts true, false, null and numbers; -f and anything else stay strings', () => {
    const body = JSON.parse(plan({ fields: [...typed('a=true', 'b=false', 'c=null', 'd=30', 'e=-1.5', 'f=007', 'g=12345678901234567890', 'h=1e3', 'i=hello', 'j='), { text: 'k=42', typed: false }] }).body!.toString());
    assert.deepEqual(body, { a: true, b: false, c: null, d: 30, e: -1.5, f: '007', g: '12345678901234567890', h: 1000, i: 'hello', j: '', k: '42' });
  });

  test('nested keys and lists', () => {
    const body = JSON.parse(plan({ fields: typed('settings[host_video]=true', 'settings[audio]=voip', 'recurrence[weekly_days]=1', 'tags[]=a', 'tags[]=b', 'tracking[][field]=team') }).body!.toString());
    assert.deepEqual(body, { settings: { host_video: true, audio: 'voip' }, recurrence: { weekly_days: 1 }, tags: ['a', 'b'], tracking: [{ field: 'team' }] });
  });

  test('__proto__ is an ordinary key', () => {
    const body = plan({ fields: typed('__proto__[polluted]=yes') }).body!.toString();
    assert.equal(body, '{"__proto__":{"polluted":"yes"}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('mistakes are usage errors', () => {
    for (const fields of [['novalue'], ['=x'], ['a=1', 'a=2'], ['a=1', 'a[b]=2'], ['a[b=1'], ['a[]=1', 'a[x]=2']]) {
      assert.throws(() => plan({ fields: typed(...fields) }), UsageError, fields.join(' '));
    }
    assert.throws(() => plan({ method: 'GET', fields: typed('a[b]=1') }), UsageError);
    assert.throws(() => plan({ method: 'GET', input: Buffer.from('{}') }), UsageError);
    assert.throws(() => plan({ paginate: true, method: 'POST' }), UsageError);
    assert.throws(() => plan({ method: 'GE T' }), UsageError);
  });

  test('GET and DELETE put fields in the query; --input does too', () => {
    assert.deepEqual(plan({ method: 'GET', fields: typed('type=upcoming', 'page_size=300') }).query, [['type', 'upcoming'], ['page_size', '300']]);
    assert.deepEqual(plan({ method: 'DELETE', fields: typed('schedule_for_reminder=false') }).query, [['schedule_for_reminder', 'false']]);
    const withInput = plan({ input: Buffer.from('{"a":1}'), fields: typed('x=1') });
    assert.deepEqual(withInput.query, [['x', '1']]);
    assert.equal(withInput.body?.toString(), '{"a":1}');
  });

  test('headers: lower-cased, values trimmed; Authorization, bad names and line breaks refused; content-type defaults to JSON', () => {
    const planned = plan({ headers: ['X-Trace:  abc ', 'Accept: text/csv'], fields: typed('a=1') });
    assert.equal(planned.headers['x-trace'], 'abc');
    assert.equal(planned.headers.accept, 'text/csv');
    assert.equal(planned.headers['content-type'], 'application/json');
    assert.equal(planned.headers['user-agent'], 'zoom-s2s/test');
    assert.equal(plan({ headers: ['Content-Type: application/merge-patch+json'], input: Buffer.from('{}') }).headers['content-type'], 'application/merge-patch+json');
    for (const header of ['Authorization: Bearer x', 'AUTHORIZATION:x', 'no colon', ': empty', 'Bad Name: x']) {
      assert.throws(() => plan({ headers: [header] }), UsageError, header);
    }
  });
});

describe('API URLs', () => {
  const zoomBase = 'https://api.zoom.us/v2';
  test('the base: ZOOM_S2S_API_URL, the token\'s api_url, the domain\'s default; /v2 once', () => {
    assert.equal(apiBase({}, undefined, 'zoom.us'), zoomBase);
    assert.equal(apiBase({}, undefined, 'zoomgov.com'), 'https://api.zoomgov.com/v2');
    assert.equal(apiBase({}, 'https://api.zoom.us/', 'zoom.us'), zoomBase);
    assert.equal(apiBase({ ZOOM_S2S_API_URL: 'http://127.0.0.1:4010' }, 'https://api.zoom.us', 'zoom.us'), 'http://127.0.0.1:4010/v2');
    assert.equal(apiBase({ ZOOM_S2S_API_URL: 'https://zoom-gw.example.com/v2/' }, undefined, 'zoom.us'), 'https://zoom-gw.example.com/v2');
    for (const bad of ['http://api.example.com', 'ftp://127.0.0.1', 'not a url']) assert.throws(() => apiBase({ ZOOM_S2S_API_URL: bad }, undefined, 'zoom.us'), UsageError, bad);
  });

  test('paths are relative to the base', () => {
    for (const target of ['users/me', '/users/me', '/v2/users/me', 'v2/users/me', '//users/me']) assert.equal(resolveApiUrl(target, zoomBase).href, 'https://api.zoom.us/v2/users/me', target);
    assert.equal(resolveApiUrl('/users?page_size=3', zoomBase).href, 'https://api.zoom.us/v2/users?page_size=3');
    assert.equal(resolveApiUrl('//evil.example.com/x', zoomBase).host, 'api.zoom.us');
    assert.equal(resolveApiUrl('/v2x/users', zoomBase).href, 'https://api.zoom.us/v2/v2x/users');
  });

  test('the token goes to the API host and Zoom\'s own hosts over https, nowhere else', () => {
    for (const ok of ['https://api.zoom.us/v2/users/me', 'https://us06web.zoom.us/rec/download/abc', 'https://zoom.us/rec/download/abc']) assert.ok(tokenMayGoTo(new URL(ok), zoomBase), ok);
    for (const bad of ['http://api.zoom.us/v2/users', 'https://api.zoom.us:8443/v2', 'https://evilzoom.us/', 'https://zoom.us.evil.com/', 'https://api.zoomgov.com/v2', 'https://example.com/']) {
      assert.ok(!tokenMayGoTo(new URL(bad), zoomBase), bad);
      assert.throws(() => resolveApiUrl(bad, zoomBase), /Refusing to send the access token/, bad);
    }
    assert.ok(tokenMayGoTo(new URL('https://us06web.zoomgov.com/rec'), 'https://api.zoomgov.com/v2'));
    assert.ok(!tokenMayGoTo(new URL('https://api.zoom.us/v2'), 'https://api.zoomgov.com/v2'));
    // An emulator: that host and port only.
    assert.ok(tokenMayGoTo(new URL('http://127.0.0.1:4010/rec/x'), 'http://127.0.0.1:4010/v2'));
    assert.ok(!tokenMayGoTo(new URL('http://127.0.0.1:4011/rec/x'), 'http://127.0.0.1:4010/v2'));
  });
});

describe('pagination', () => {
  test('lists joined in order, other fields from the last page', () => {
    const pages = [
      { page_number: 1, next_page_token: 'a', users: [1, 2], from: 'x' },
      { page_number: 2, next_page_token: 'b', users: [3, 4] },
      { page_number: 3, next_page_token: '', users: [5], extra: [9] },
    ];
    assert.deepEqual(mergePages(pages), { page_number: 3, next_page_token: '', users: [1, 2, 3, 4, 5], extra: [9] });
    assert.equal(nextPageToken(pages[0]!), 'a');
    assert.equal(nextPageToken(pages[2]!), undefined);
    assert.equal(nextPageToken({}), undefined);
  });
});

/** A scripted server for callApi: each request gets the next answer (a response or an error to throw). */
interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}
function scriptedDeps(answers: Array<Answer | Error>) {
  const sent: StreamingRequest[] = [];
  const sleeps: number[] = [];
  const tokens = ['token-1', 'token-2', 'token-3'];
  let minted = 0;
  let now = 0;
  const deps: ApiCallDeps = {
    open: async (request) => {
      sent.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return { status: answer.status ?? 200, statusText: '', headers: answer.headers ?? {}, body: Readable.from([Buffer.from(answer.body ?? '')]) };
    },
    token: async () => tokens[minted]!,
    replaceToken: async () => tokens[++minted],
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    debug: () => undefined,
    random: () => 0,
  };
  return { deps, sent, sleeps, minted: () => minted };
}
const BASE = 'https://api.zoom.us/v2';
const get = (path = '/users/me', method = 'GET'): ApiCall => ({ method, url: new URL(`${BASE}${path}`), headers: { accept: 'application/json' }, body: method === 'GET' ? undefined : Buffer.from('{}') });
const code = (name: string) => Object.assign(new Error(name), { code: name });
const REFUSED = '{"code":124,"message":"Invalid access token."}';

describe('the retry policy of an API call', () => {
  test('a refused token is replaced once; refused again, the answer is returned', async () => {
    const s = scriptedDeps([{ status: 401, body: REFUSED }, { status: 200, body: '{}' }]);
    const response = await callApi(get(), BASE, s.deps);
    assert.equal(response.status, 200);
    assert.deepEqual(s.sent.map((r) => r.headers.authorization), ['Bearer token-1', 'Bearer token-2']);

    const twice = scriptedDeps([{ status: 401, body: REFUSED }, { status: 401, body: REFUSED }]);
    const refused = await callApi(get(), BASE, twice.deps);
    assert.equal(refused.status, 401);
    assert.equal(refused.errorBody?.toString(), REFUSED);
    assert.equal(twice.minted(), 1);
  });

  test('code 124 with another status counts as a refused token too; other 4xx do not', async () => {
    const s = scriptedDeps([{ status: 400, body: REFUSED }, { status: 200 }]);
    assert.equal((await callApi(get(), BASE, s.deps)).status, 200);
    const other = scriptedDeps([{ status: 400, body: '{"code":300,"message":"Invalid field."}' }]);
    assert.equal((await callApi(get(), BASE, other.deps)).status, 400);
    assert.equal(other.minted(), 0);
  });

  test('429: Retry-After honoured, at most 3 waits and 60 s in all', async () => {
    const limited = { status: 429, headers: { 'retry-after': '1' }, body: '{"code":429}' };
    const s = scriptedDeps([limited, limited, limited, { status: 200 }]);
    assert.equal((await callApi(get(), BASE, s.deps)).status, 200);
    assert.deepEqual(s.sleeps, [1000, 1000, 1000]);

    const four = scriptedDeps([limited, limited, limited, limited]);
    const response = await callApi(get(), BASE, four.deps);
    assert.equal(response.status, 429);
    assert.equal(four.sent.length, 4);

    const long = { status: 429, headers: { 'retry-after': '25' } };
    const capped = scriptedDeps([long, long, long]);
    const answer = await callApi(get(), BASE, capped.deps);
    assert.equal(answer.status, 429);
    assert.deepEqual(capped.sleeps, [25_000, 25_000], 'a third wait would pass 60 s');
    assert.equal(answer.rateLimitWaitMs, 25_000);

    const date = new Date(Date.UTC(1970, 0, 1, 0, 0, 5)).toUTCString();
    const dated = scriptedDeps([{ status: 429, headers: { 'retry-after': date } }, { status: 200 }]);
    await callApi(get(), BASE, dated.deps);
    assert.deepEqual(dated.sleeps, [5000]);
  });

  test('a 429 for a POST is waited out too (Zoom did not act on it)', async () => {
    const s = scriptedDeps([{ status: 429, headers: { 'retry-after': '2' } }, { status: 201 }]);
    assert.equal((await callApi(get('/users/me/meetings', 'POST'), BASE, s.deps)).status, 201);
    assert.equal(s.sent.length, 2);
  });

  test('GET: 5xx and passing network failures are tried again (bounded); POST: never once it may have arrived', async () => {
    const s = scriptedDeps([{ status: 502 }, code('ECONNRESET'), { status: 200 }]);
    assert.equal((await callApi(get(), BASE, s.deps)).status, 200);
    assert.deepEqual(s.sleeps, [500, 1000]);

    const down = scriptedDeps([{ status: 503 }, { status: 503 }, { status: 503, body: 'down' }]);
    const answer = await callApi(get(), BASE, down.deps);
    assert.equal(answer.status, 503);
    assert.equal(answer.errorBody?.toString(), 'down');

    const reset = scriptedDeps([code('ECONNRESET')]);
    await assert.rejects(callApi(get('/users/me/meetings', 'POST'), BASE, reset.deps), NetworkError);
    assert.equal(reset.sent.length, 1);

    const post503 = scriptedDeps([{ status: 503 }]);
    assert.equal((await callApi(get('/users/me/meetings', 'POST'), BASE, post503.deps)).status, 503);
    assert.equal(post503.sent.length, 1);

    // A DNS hiccup happens before anything is sent: safe to try again even for a POST.
    const dns = scriptedDeps([code('EAI_AGAIN'), { status: 201 }]);
    assert.equal((await callApi(get('/users/me/meetings', 'POST'), BASE, dns.deps)).status, 201);

    const refused = scriptedDeps([code('ECONNREFUSED')]);
    await assert.rejects(callApi(get(), BASE, refused.deps), /connection refused/);
    assert.equal(refused.sent.length, 1);
  });

  test('redirects: GET follows, the token left behind off Zoom\'s hosts; http and POST are not followed', async () => {
    const s = scriptedDeps([
      { status: 302, headers: { location: 'https://us06web.zoom.us/rec/download/x' } },
      { status: 302, headers: { location: 'https://cdn.example.net/file.mp4?sig=1' } },
      { status: 302, headers: { location: 'https://us06web.zoom.us/again' } },
      { status: 200 },
    ]);
    const response = await callApi(get(), BASE, s.deps);
    assert.equal(response.url.href, 'https://us06web.zoom.us/again');
    assert.deepEqual(s.sent.map((r) => r.headers.authorization), ['Bearer token-1', 'Bearer token-1', undefined, undefined]);

    const insecure = scriptedDeps([{ status: 302, headers: { location: 'http://cdn.example.net/file' } }]);
    assert.equal((await callApi(get(), BASE, insecure.deps)).status, 302);
    const post = scriptedDeps([{ status: 307, headers: { location: 'https://api.zoom.us/v2/elsewhere' } }]);
    assert.equal((await callApi(get('/users/me/meetings', 'POST'), BASE, post.deps)).status, 307);

    // From a loopback base (the emulator, a local mock): plain http is followed on loopback only.
    const LOCAL = 'http://127.0.0.1:4010/v2';
    const local = (location: string) => scriptedDeps([{ status: 302, headers: { location } }, { status: 200 }]);
    const fromLocal = (location: string) => {
      const deps = local(location);
      return callApi({ ...get(), url: new URL(`${LOCAL}/users/me`) }, LOCAL, deps.deps).then((answer) => ({ answer, sent: deps.sent }));
    };
    const offLoopback = await fromLocal('http://cdn.example.net/file');
    assert.equal(offLoopback.answer.status, 302, 'plain http off loopback: not followed');
    assert.equal(offLoopback.sent.length, 1);
    const onLoopback = await fromLocal('http://127.0.0.1:4011/file');
    assert.equal(onLoopback.answer.status, 200, 'plain http on loopback: followed');
    assert.deepEqual(onLoopback.sent.map((r) => r.url), [`${LOCAL}/users/me`, 'http://127.0.0.1:4011/file']);
    const toHttps = await fromLocal('https://cdn.example.net/file');
    assert.equal(toHttps.answer.status, 200, 'https is always followed');
    assert.equal(toHttps.sent[1]!.headers.authorization, undefined, 'without the token');
    const downgrade = scriptedDeps([{ status: 302, headers: { location: 'http://127.0.0.1:4011/file' } }]);
    assert.equal((await callApi(get(), BASE, downgrade.deps)).status, 302, 'https to plain http, even on loopback: not followed');

    // A relative Location is resolved against the URL that answered, not the API's base: here a host off the API, so no token there.
    const relative = scriptedDeps([
      { status: 302, headers: { location: 'https://cdn.example.net/a/b/file.mp4' } },
      { status: 302, headers: { location: '../c/file.mp4?sig=2' } },
      { status: 302, headers: { location: '/d/file.mp4' } },
      { status: 200 },
    ]);
    await callApi(get(), BASE, relative.deps);
    assert.deepEqual(relative.sent.map((r) => r.url), [`${BASE}/users/me`, 'https://cdn.example.net/a/b/file.mp4', 'https://cdn.example.net/a/c/file.mp4?sig=2', 'https://cdn.example.net/d/file.mp4']);
    assert.deepEqual(relative.sent.map((r) => r.headers.authorization), ['Bearer token-1', undefined, undefined, undefined]);

    const loop = scriptedDeps(Array.from({ length: 10 }, () => ({ status: 302, headers: { location: '/v2/users/me' } })));
    assert.equal((await callApi(get(), BASE, loop.deps)).status, 302);
    assert.equal(loop.sent.length, DEFAULT_API_LIMITS.redirects + 1);
  });
});

describe('headers from outside and from the user', () => {
  test('a redirect to another host keeps only Accept, Content-Type and User-Agent of the request\'s headers; one to the same host keeps all', async () => {
    const headers = { accept: 'application/json', 'user-agent': 'zoom-s2s/test', 'x-api-key': 'k', cookie: 'c=1' };
    const s = scriptedDeps([
      { status: 302, headers: { location: 'https://api.zoom.us/v2/elsewhere' } },
      { status: 302, headers: { location: 'https://us06web.zoom.us/rec/x' } },
      { status: 200 },
    ]);
    await callApi({ ...get(), headers }, BASE, s.deps);
    const names = s.sent.map((r) => Object.keys(r.headers).filter((n) => n !== 'authorization').sort());
    assert.deepEqual(names, [
      ['accept', 'cookie', 'user-agent', 'x-api-key'],
      ['accept', 'cookie', 'user-agent', 'x-api-key'],
      ['accept', 'user-agent'],
    ]);
  });

  test('-H values a header cannot carry are a usage error at once', () => {
    for (const bad of ['X-A: caf\u20ac', 'X-A: a\u0007b', 'X-A: \u202e']) assert.throws(() => plan({ headers: [bad] }), UsageError, bad);
    assert.equal(plan({ headers: ['X-A: café\tok'] }).headers['x-a'], 'café\tok', 'Latin-1 and tabs are fine');
  });
});

describe('text from outside', () => {
  test('escapeControls shows C0, C1 and bidi controls as escapes; keepLayout keeps lines; json writes \\u escapes', () => {
    assert.equal(escapeControls('a\u001b[31mb\u0007c\u0085d\u202ee\nf\tg'), 'a\\x1b[31mb\\x07c\\x85d\\u202ee\\x0af\\x09g');
    assert.equal(escapeControls('a\nb\tc\rd', { keepLayout: true }), 'a\nb\tc\\x0dd');
    assert.equal(escapeControls('"\u0085\u2066"', { json: true }), '"\\u0085\\u2066"');
    assert.equal(escapeControls('plain text: café, 日本, emoji 🎉'), 'plain text: café, 日本, emoji 🎉');
  });

  const maskSecrets = (text: string, values: string[]) => new Masker(values).mask(text);

  test('Masker masks each form a server may echo: JSON-escaped, URL-encoded, base64 (padded or not, url-safe, inside a longer text)', () => {
    const secret = 'Zx/9+Qa=Lm/7Kp2Wv8 Rt4Yh';
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const echoes = [secret, secret.replaceAll('/', '\\/'), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), encodeURIComponent(secret).replaceAll('%20', '+'), b64(secret), b64(secret).replace(/=+$/, ''), Buffer.from(secret).toString('base64url'), b64(`Bearer ${secret}`), b64(`x:${secret}`), b64(`xy:${secret}`)];
    for (const echo of echoes) {
      const masked = maskSecrets(`<${echo}>`, [secret]);
      assert.match(masked, /\[redacted\]/, echo);
      // What is left of an encoded form is at most its first and last few characters (and what encodes the text around it).
      const around = echo.startsWith(b64('Bearer ').slice(0, 8)) ? 10 : echo.startsWith(b64('x').slice(0, 2)) || echo.startsWith(b64('xy').slice(0, 2)) ? 4 : 0;
      assert.ok(masked.length - '[redacted]'.length <= 2 + 6 + around, `${echo} -> ${masked}`);
    }
    assert.equal(maskSecrets('page_size=30 abcdefgh', ['abcd']), 'page_size=30 [redacted]efgh', 'a short secret is masked as it is only');
  });

  test('Masker replaces every occurrence, overlapping ones as one; short strings are not masked', () => {
    assert.equal(maskSecrets('s3cret and Basic czNjcmV0 and s3cret', ['s3cret', 'czNjcmV0']), '[redacted] and Basic [redacted] and [redacted]');
    assert.equal(maskSecrets('abcdef', ['abcdef', 'abc']), '[redacted]');
    assert.equal(maskSecrets('a b', ['a']), 'a b');
    assert.equal(maskSecrets('abcdefabcdef', ['abcdef']), '[redacted][redacted]', 'side by side');
    assert.equal(maskSecrets('xabcdefgh', ['abcdef', 'defgh']), 'x[redacted]', 'overlapping');
    assert.equal(maskSecrets('abcdefabcdefx', ['bcdefa']), 'a[redacted]bcdefx', 'a text is not masked again from inside a mask');
    assert.equal(maskSecrets('abcde', ['abcdef']), 'abcde', 'the start of a secret at the end of a text is left (its form was not there)');
  });

  test('Masker finds nothing in a MiB of text without a value it masks, and the value at its very end', () => {
    const secret = 'demoSecret0123456789abcdef';
    const masker = new Masker([secret]);
    const noise = Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join('');
    assert.equal(masker.mask(noise), noise);
    assert.equal(masker.mask(`${noise}${secret}`), `${noise}[redacted]`);
    assert.equal(masker.mask(`${secret.slice(0, 4)}${noise}`), `${secret.slice(0, 4)}${noise}`, 'a prefix alone is not masked');
  });

  test('Masker.addLater: a value added for later is masked in every form once a text could hold it', () => {
    const token = 'eyJhbGciOiJIUzUxMiJ9.later-token_value';
    const masker = new Masker();
    masker.addLater(token);
    assert.equal(masker.mask('short text'), 'short text');
    assert.equal(masker.mask(`<${token}>`), '<[redacted]>');
    assert.equal(masker.mask(`<${Buffer.from(`Bearer ${token}`).toString('base64')}>`).includes('[redacted]'), true);
  });

  test('renderJson escapes control characters inside strings (JSON.stringify leaves C1 and bidi raw)', () => {
    const shown = renderJson({ 'k\u202e': 'v\u0085\u001b' }, PLAIN);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u0080-\u009f\u202a-\u202e]/.test(shown), JSON.stringify(shown));
    assert.deepEqual(JSON.parse(shown), { 'k\u202e': 'v\u0085\u001b' }, 'still JSON, with the same values');
  });
});

describe('the streaming opener', () => {
  test('a body that stops arriving fails after the idle timeout, however long the whole download would take', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '1000' });
      res.write(Buffer.alloc(400));
      // …and nothing more.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rec`;
      const response = await nodeHttpOpener({ method: 'GET', url, headers: {}, idleTimeoutMs: 300 });
      const started = Date.now();
      let received = 0;
      const error = await (async () => {
        for await (const chunk of response.body) received += (chunk as Buffer).length;
      })().catch((e: unknown) => e);
      assert.equal((error as Error).name, 'TimeoutError');
      assert.equal(received, 400);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('no answer at all fails after the idle timeout too', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/users/me`;
      await assert.rejects(nodeHttpOpener({ method: 'GET', url, headers: {}, idleTimeoutMs: 300 }), { name: 'TimeoutError' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('exec\'s environment', () => {
  test('ZOOM_API_URL: ZOOM_S2S_API_URL when set, else the token\'s api_url; no ZOOM_CLIENT_SECRET', () => {
    const token = { accessToken: 'tok', tokenType: 'bearer', expiresAt: Date.parse('2026-11-28T13:00:00Z'), scopes: [], apiUrl: 'https://api.zoom.us', obtainedAt: 0, credentials: 'x' };
    const plain = childEnvironment({ PATH: '/bin', ZOOM_CLIENT_SECRET: 's' }, token, 'zoom.us');
    assert.deepEqual(plain, { PATH: '/bin', ZOOM_ACCESS_TOKEN: 'tok', ZOOM_API_URL: 'https://api.zoom.us/v2', ZOOM_TOKEN_EXPIRES_AT: '2026-11-28T13:00:00.000Z' });
    assert.equal(childEnvironment({ ZOOM_S2S_API_URL: 'http://127.0.0.1:4010' }, token, 'zoom.us').ZOOM_API_URL, 'http://127.0.0.1:4010/v2');
  });
});

describe('JSON for people', () => {
  test('indented; coloured keys, strings and values when the style has colour', () => {
    assert.equal(renderJson({ a: [1, 'x', null], b: {}, c: [] }, PLAIN), '{\n  "a": [\n    1,\n    "x",\n    null\n  ],\n  "b": {},\n  "c": []\n}\n');
    const colour = { ...PLAIN, enabled: true, cyan: (t: string) => `<k>${t}`, green: (t: string) => `<s>${t}`, yellow: (t: string) => `<v>${t}` };
    assert.equal(renderJson({ a: 'x', b: true }, colour), '{\n  <k>"a": <s>"x",\n  <k>"b": <v>true\n}\n');
  });

  test('integers beyond 15 digits are spotted', () => {
    assert.ok(mayLosePrecision('{"id":12345678901234567}'));
    assert.ok(!mayLosePrecision('{"id":85746065432,"uuid":"x"}'));
  });
});

describe('runApi on a terminal', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom.close());
  const options = (overrides: Partial<ApiOptions> = {}): ApiOptions => ({ profile: undefined, target: '/users/me', method: undefined, fields: [], headers: [], input: undefined, include: false, paginate: false, output: undefined, ...overrides });
  const context = (answer: { contentType: string; body: Buffer }) =>
    fakeContext({
      http: nodeHttpClient,
      stdoutTTY: true,
      env: { ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId, ZOOM_CLIENT_ID: SAMPLE_APP.clientId, ZOOM_CLIENT_SECRET: SAMPLE_APP.clientSecret, TERM: 'xterm' },
      openHttp: async () => ({ status: 200, statusText: 'OK', headers: { 'content-type': answer.contentType }, body: Readable.from([answer.body]) }),
    });

  test('JSON is indented and coloured', async () => {
    const fake = context({ contentType: 'application/json;charset=UTF-8', body: Buffer.from('{"id":"abc","type":2}') });
    await runApi(options(), fake.ctx);
    assert.match(fake.stdout(), /^\{\n {2}\u001b\[36m"id"\u001b\[39m: \u001b\[32m"abc"\u001b\[39m,\n/);
  });

  test('NO_COLOR: indented, no colour', async () => {
    const fake = context({ contentType: 'application/json', body: Buffer.from('{"id":"abc"}') });
    fake.ctx.env.NO_COLOR = '1';
    await runApi(options(), fake.ctx);
    assert.equal(fake.stdout(), '{\n  "id": "abc"\n}\n');
  });

  test('binary is not printed on a terminal', async () => {
    const fake = context({ contentType: 'video/mp4', body: Buffer.from([0, 1, 2, 255]) });
    await assert.rejects(runApi(options(), fake.ctx), (error: unknown) => error instanceof CliError && /binary \(video\/mp4\)/.test(error.message) && /--output/.test(error.hint ?? ''));
    assert.equal(fake.stdout(), '');
  });
});
