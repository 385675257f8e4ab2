/**
 * The emulators are as strict as Zoom: a test that passes against them
 * proves the request was right. These check the emulators themselves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missingScope, startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { decodeBasic, formFields, SAMPLE_APP, startZoomEmulator, TOKEN_LIFETIME_SECONDS, type ZoomEmulator } from '../emulator/zoom-emulator.js';

const basic = (text: string, encoding: BufferEncoding = 'base64') => `Basic ${Buffer.from(text).toString(encoding)}`;
const FORM = `grant_type=account_credentials&account_id=${SAMPLE_APP.accountId}`;

describe('token endpoint emulator', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom.close());

  const post = (options: { authorization?: string; body?: string; query?: string; contentType?: string }) =>
    fetch(`${zoom.origin}/oauth/token${options.query ? `?${options.query}` : ''}`, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
        ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
      },
      body: options.body ?? '',
    });
  const good = basic(`${SAMPLE_APP.clientId}:${SAMPLE_APP.clientSecret}`);

  test('decodes Basic strictly: base64 with padding that encodes back the same, UTF-8, "id:secret"', () => {
    assert.deepEqual(decodeBasic(basic('id:se:cret')), { clientId: 'id', secret: 'se:cret' });
    assert.deepEqual(decodeBasic(basic('demoClient01:demoSecret>>>?~~~0123456789')), { clientId: 'demoClient01', secret: 'demoSecret>>>?~~~0123456789' });
    for (const bad of [
      undefined,
      '',
      basic('demoClient01:demoSecret>>>?~~~0123456789', 'base64url'),
      basic('id:s').replace(/=+$/, ''),
      `Basic ${Buffer.from('id:secret').toString('base64')}A`,
      `Bearer ${Buffer.from('id:secret').toString('base64')}`,
      `Basic  ${Buffer.from('id:secret').toString('base64')}`,
      basic(':secret'),
      basic('no-colon'),
      `Basic ${Buffer.from([0x69, 0x64, 0x3a, 0xff, 0xfe]).toString('base64')}`,
      // Not canonical: "id:s" is aWQ6cw==; the low bits of the last "x" are dropped in decoding.
      'Basic aWQ6cx==',
    ]) {
      assert.equal(decodeBasic(bad), undefined, String(bad));
    }
  });

  test('form fields: grant_type and account_id, from the body or the query, once each', () => {
    assert.deepEqual(formFields(FORM, new URLSearchParams()), { grant_type: 'account_credentials', account_id: SAMPLE_APP.accountId });
    assert.deepEqual(formFields('', new URLSearchParams(FORM)), { grant_type: 'account_credentials', account_id: SAMPLE_APP.accountId });
    assert.match(formFields(`${FORM}&scope=x`, new URLSearchParams()) as string, /unknown parameter scope/);
    assert.match(formFields(`${FORM}&grant_type=account_credentials`, new URLSearchParams()) as string, /duplicate parameter grant_type/);
    assert.match(formFields(FORM, new URLSearchParams('account_id=x')) as string, /duplicate parameter account_id/);
  });

  test('a token for a well-formed request, parameters in the body or the query', async () => {
    assert.equal((await post({ authorization: good, body: FORM })).status, 200);
    assert.equal((await post({ authorization: good, query: FORM })).status, 200);
  });

  test('a malformed request gets Zoom\'s error and the record says why, even when an answer was scripted', async () => {
    const cases: Array<[Parameters<typeof post>[0], number, RegExp]> = [
      [{ body: FORM }, 400, /Invalid client_id or client_secret/],
      [{ authorization: basic('demoClient01:demoSecret>>>?~~~0123456789', 'base64url'), body: FORM }, 400, /Invalid client_id or client_secret/],
      [{ authorization: good, body: `${FORM}&extra=1` }, 400, /unknown parameter extra/],
      [{ authorization: good, body: FORM, contentType: 'application/json' }, 400, /Unsupported content type/],
    ];
    for (const [request, status, reason] of cases) {
      zoom.script({ status: 200, body: '{"access_token":"scripted"}' });
      const answer = await post(request);
      assert.equal(answer.status, status, JSON.stringify(request));
      assert.match(((await answer.json()) as { reason: string }).reason, reason);
      assert.match(zoom.requests.at(-1)!.problem ?? '', reason);
      // The scripted answer is still waiting: the next good request gets it.
      assert.equal(((await (await post({ authorization: good, body: FORM })).json()) as { access_token: string }).access_token, 'scripted');
    }
  });

  test('records the Authorization header as sent', async () => {
    await post({ authorization: good, body: FORM });
    assert.equal(zoom.requests.at(-1)!.authorization, good);
  });
});

describe('API emulator', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [SAMPLE_APP, { ...SAMPLE_APP, clientId: 'narrowApp', scopes: ['user:read:user:admin'] }] });
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    await api.close();
    await zoom.close();
  });

  const mint = async (clientId = SAMPLE_APP.clientId) => {
    const answer = await fetch(`${zoom.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(`${clientId}:${SAMPLE_APP.clientSecret}`) },
      body: FORM,
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const call = async (token: string, path: string, method = 'GET') => {
    const answer = await fetch(`${api.origin}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    return { status: answer.status, body: (await answer.json()) as { code?: number; message?: string } };
  };

  test('a token is accepted until it expires on Zoom\'s clock, then 401 with code 124', async () => {
    const token = await mint();
    assert.equal((await call(token, '/v2/users/me')).status, 200);
    zoom.clockOffsetMs = TOKEN_LIFETIME_SECONDS * 1000 - 1000;
    try {
      assert.equal((await call(token, '/v2/users/me')).status, 200, 'a second before it expires');
      zoom.clockOffsetMs = TOKEN_LIFETIME_SECONDS * 1000;
      assert.deepEqual(await call(token, '/v2/users/me'), { status: 401, body: { code: 124, message: 'Invalid access token.' } });
      assert.equal((await call(await mint(), '/v2/users/me')).status, 200, 'a token minted on the same clock is fine');
    } finally {
      zoom.clockOffsetMs = 0;
    }
  });

  test('an endpoint the token has no scope for: 400 with code 4711 naming the scope', async () => {
    const narrow = await mint('narrowApp');
    assert.equal((await call(narrow, '/v2/users/me')).status, 200);
    assert.deepEqual(await call(narrow, '/v2/users'), { status: 400, body: { code: 4711, message: 'Invalid access token, does not contain scopes:[user:read:list_users:admin].' } });
    assert.equal((await call(narrow, '/v2/users/me/meetings', 'POST')).body.code, 4711);
    assert.equal((await call(await mint(), '/v2/users')).status, 200);
  });

  test('an unknown token or none: 401 with code 124', async () => {
    assert.equal((await call('not-issued', '/v2/users/me')).body.code, 124);
  });

  test('the scope table: granular or classic scope, any one of them', () => {
    assert.equal(missingScope('GET', '/v2/users/abc', ['user:read:admin']), undefined);
    assert.equal(missingScope('GET', '/v2/users/abc', ['meeting:read:admin']), 'user:read:user:admin');
    assert.equal(missingScope('GET', '/rec/download/standup', []), undefined);
  });
});
