/**
 * Long-lived servers bound each piece of work: a zoom_api call ends after
 * its time limit with a tool error saying so, and a proxied request whose
 * answer has not begun in time gets a 504, both against an API that never
 * answers. The limits are made short here; the servers use 120 s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openApiService } from '../../src/api-service.js';
import { callZoomApi } from '../../src/commands/mcp/tools.js';
import { forwardRequests } from '../../src/commands/proxy/forward.js';
import { listenOnLoopback } from '../../src/core/net/loopback.js';
import { nodeHttpClient } from '../../src/core/net/http.js';
import { resolveSubject } from '../../src/session.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { fakeContext } from '../helpers/fake-context.js';

let zoom: ZoomEmulator;
before(async () => {
  zoom = await startZoomEmulator();
});
after(() => zoom.close());

/** A service whose API never answers: a request waits until its signal is aborted. */
async function silentApi() {
  let asked = 0;
  const fake = fakeContext({
    http: nodeHttpClient,
    env: { ZOOM_S2S_OAUTH_URL: zoom.origin },
    openHttp: (request) => {
      asked++;
      return new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(request.signal!.reason as Error), { once: true }));
    },
  });
  await fake.settings.setProfile('default', { accountId: SAMPLE_APP.accountId, clientId: SAMPLE_APP.clientId });
  fake.keychain.items.set('default', SAMPLE_APP.clientSecret);
  const service = await openApiService(fake.ctx, await resolveSubject(fake.ctx, undefined), { policy: { allowWrite: false, rules: [] } });
  return { ctx: fake.ctx, service, asked: () => asked };
}

describe('time bounds of the long-lived servers', () => {
  test('zoom_api: a call Zoom never answers ends at its limit with a tool error saying so', async () => {
    const { ctx, service, asked } = await silentApi();
    const started = Date.now();
    const result = await callZoomApi(ctx, service, { path: '/users', paginate: true }, 300);
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    assert.equal(result.isError, true);
    assert.match(result.content[0]!.text, /took longer than 0 s and was stopped/);
    assert.ok(asked() >= 1);
  });

  test('proxy: a request whose answer has not begun in time gets a 504 in Zoom\'s error shape', async () => {
    const { ctx, service } = await silentApi();
    const loopback = await listenOnLoopback('127.0.0.1', 0, { platform: 'darwin' });
    loopback.server.on('request', forwardRequests({ ctx, service, policy: { allowWrite: false, rules: [] }, loopback, log: false, answerWithinMs: 300 }));
    try {
      const started = Date.now();
      const response = await fetch(`${loopback.origin}/${loopback.key}/v2/users/me`);
      assert.equal(response.status, 504);
      assert.match(((await response.json()) as { message: string }).message, /Zoom did not answer within 0\.3 s/);
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    } finally {
      await loopback.close();
    }
  });
});
