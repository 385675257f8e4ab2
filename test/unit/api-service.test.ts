/**
 * The one API service (src/api-service.ts) that `api`, `mcp` and `proxy`
 * share: what it refuses before anything is sent, the one failure value it
 * returns for everything else, pagination within bounds.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { openApiService, REPLACEMENT_INTERVAL_MS, zoomAnswer, type ApiOutcome } from '../../src/api-service.js';
import { parseAllowRule } from '../../src/commands/policy-flags.js';
import { MISSING_SCOPE_HINT } from '../../src/core/api/error-hint.js';
import type { ApiPolicy } from '../../src/core/api/policy.js';
import { CliError } from '../../src/core/errors.js';
import { nodeHttpClient, type StreamingRequest } from '../../src/core/net/http.js';
import { resolveSubject } from '../../src/session.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { fakeContext } from '../helpers/fake-context.js';

let zoom: ZoomEmulator;
before(async () => {
  zoom = await startZoomEmulator();
});
after(() => zoom.close());

type Answer = { status: number; body: string };

/** A logged-in fake whose API answers come from `answers`, in order; `sent` records what reached "Zoom". */
async function service(answers: Answer[], policy?: ApiPolicy) {
  const sent: StreamingRequest[] = [];
  const fake = fakeContext({
    http: nodeHttpClient,
    env: { ZOOM_S2S_OAUTH_URL: zoom.origin },
    openHttp: async (request) => {
      sent.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return { status: answer.status, statusText: '', headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(answer.body)]) };
    },
  });
  await fake.settings.setProfile('default', { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId });
  fake.keychain.items.set('default', SAMPLE_APP.clientSecret);
  const api = await openApiService(fake.ctx, await resolveSubject(fake.ctx, undefined), { policy });
  return { api, sent };
}

const refusal = (outcome: ApiOutcome) => (!outcome.ok && outcome.failure.kind === 'refused' ? outcome.failure : undefined);
const readOnly: ApiPolicy = { allowWrite: false, rules: [] };

describe('the API service', () => {
  test('a write on a read-only service is refused (405) before anything is sent or its body read', async () => {
    const { api, sent } = await service([], readOnly);
    let bodyRead = false;
    const outcome = await api.request({ method: 'POST', target: '/users', body: async () => ((bodyRead = true), Buffer.from('{}')) });
    assert.equal(refusal(outcome)?.status, 405);
    assert.match(refusal(outcome)!.message, /read-only/);
    assert.equal(bodyRead, false);
    assert.equal(sent.length, 0);
  });

  test('outside the --allow rules: 403, judged on the path as it will be sent (".." resolved)', async () => {
    const { api, sent } = await service([{ status: 200, body: '{"id":"me"}' }], { allowWrite: false, rules: [parseAllowRule('GET /users/*')] });
    const escaped = await api.request({ method: 'GET', target: '/users/me/../../accounts' });
    assert.equal(refusal(escaped)?.status, 403);
    assert.equal(sent.length, 0);
    const allowed = await api.request({ method: 'GET', target: '/users/me', query: [['page_size', '30']] });
    assert.ok(allowed.ok);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.url, `${api.base}/users/me?page_size=30`);
    assert.match(sent[0]!.headers.authorization ?? '', /^Bearer eyJ/);
  });

  test('a path that leaves /v2 once ".." is resolved, as zoom_api passes an agent\'s path on, is refused (400) with nothing sent', async () => {
    const { api, sent } = await service([], readOnly);
    for (const target of ['/../oauth/token', '../oauth/token', '/v2/../../oauth/token', '/users/../../accounts']) {
      const outcome = await api.request({ method: 'GET', target });
      assert.equal(refusal(outcome)?.status, 400, target);
      assert.match(refusal(outcome)!.message, /leaves the API base/, target);
    }
    assert.equal(sent.length, 0);
  });

  test('an API that refuses every token: one replacement, then the refusals passed on, until the interval has passed', async () => {
    const fake = fakeContext({
      http: nodeHttpClient,
      env: { ZOOM_S2S_OAUTH_URL: zoom.origin },
      openHttp: async () => ({ status: 401, statusText: '', headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{"code":124,"message":"Invalid access token."}')]) }),
    });
    await fake.settings.setProfile('default', { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId });
    fake.keychain.items.set('default', SAMPLE_APP.clientSecret);
    const api = await openApiService(fake.ctx, await resolveSubject(fake.ctx, undefined), {});
    const minted = zoom.issuedCount();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await api.request({ method: 'GET', target: '/users/me' });
      statuses.push(zoomAnswer(outcome)!.status);
    }
    assert.deepEqual(statuses, Array(10).fill(401), 'each refusal passed on');
    assert.equal(zoom.issuedCount() - minted, 1, 'one replacement, not one per request');
    fake.advance(REPLACEMENT_INTERVAL_MS + 1000);
    await api.request({ method: 'GET', target: '/users/me' });
    await api.request({ method: 'GET', target: '/users/me' });
    assert.equal(zoom.issuedCount() - minted, 2, 'one more once the interval has passed');
  });

  test('a target off Zoom\'s API is refused (400), with a policy or without one', async () => {
    for (const policy of [undefined, readOnly]) {
      const { api, sent } = await service([], policy);
      const outcome = await api.request({ method: 'GET', target: 'https://evil.example/v2/users/me' });
      assert.equal(refusal(outcome)?.status, 400);
      assert.equal(sent.length, 0);
    }
  });

  test('Zoom\'s error answer is one failure value, with what to do about it; zoomAnswer gives the answer either way', async () => {
    const { api } = await service([{ status: 400, body: '{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:user:admin]."}' }, { status: 200, body: '{}' }]);
    const outcome = await api.request({ method: 'GET', target: '/users/me' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'answered');
    assert.equal(outcome.failure.hint, MISSING_SCOPE_HINT);
    assert.equal(zoomAnswer(outcome)?.status, 400);
    assert.match(zoomAnswer(outcome)!.errorBody!.toString(), /4711/);
    const ok = await api.request({ method: 'GET', target: '/users/me' });
    assert.equal(zoomAnswer(ok)?.status, 200);
  });

  test('pagination: the pages merged; past the bounds, a failure that says how to ask for less', async () => {
    const page = (n: number, next: string) => ({ status: 200, body: JSON.stringify({ next_page_token: next, users: [{ id: `u${n}` }] }) });
    const { api, sent } = await service([page(1, 'a'), page(2, '')]);
    const outcome = await api.request({ method: 'GET', target: '/users', paginate: { pages: 10, bytes: 1e6, pageBytes: 1e6 } });
    assert.ok(outcome.ok && outcome.pages);
    assert.deepEqual(outcome.pages.merged.users, [{ id: 'u1' }, { id: 'u2' }]);
    assert.equal(outcome.pages.count, 2);
    assert.match(sent[1]!.url, /next_page_token=a/);

    const bounded = await (await service([page(1, 'a'), page(2, 'b')])).api.request({ method: 'GET', target: '/users', paginate: { pages: 2, bytes: 1e6, pageBytes: 1e6 } });
    assert.ok(!bounded.ok && bounded.failure.kind === 'failed');
    assert.ok(bounded.failure.error instanceof CliError);
    assert.match(bounded.failure.error.message, /Stopping after 2 pages/);

    // A server that names the same page again: stopped at once, not after the page bound.
    const looping = await service([page(1, 'a'), page(2, 'a'), page(3, 'a')]);
    const repeated = await looping.api.request({ method: 'GET', target: '/users', paginate: { pages: 100, bytes: 1e6, pageBytes: 1e6 } });
    assert.ok(!repeated.ok && repeated.failure.kind === 'failed');
    assert.match(repeated.failure.error.message, /the same next_page_token twice/);
    assert.equal(looping.sent.length, 2);

    // The byte bound: pages of about 40 bytes, at most 100 bytes collected.
    const big = await service([page(1, 'a'), page(2, 'b'), page(3, 'c'), page(4, 'd')]);
    const byBytes = await big.api.request({ method: 'GET', target: '/users', paginate: { pages: 100, bytes: 100, pageBytes: 1e6 } });
    assert.ok(!byBytes.ok && byBytes.failure.kind === 'failed');
    assert.match(byBytes.failure.error.message, /Stopping after 3 pages \(\d+ bytes\)/);
    assert.equal(big.sent.length, 3);
  });
});
