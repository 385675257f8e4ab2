import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { credentialProblem } from '../../src/core/auth/credentials.js';
import { endpointName, resolveOAuthOrigin, tokenUrl } from '../../src/core/auth/endpoint.js';
import { UsageError } from '../../src/core/errors.js';
import { colorEnabled, describeRemaining, formatUtc } from '../../src/terminal/output.js';
import { groupScopes, sortScopes } from '../../src/core/auth/scopes.js';
import { clipboardUnavailableReason } from '../../src/terminal/clipboard.js';
import { debugFromEnv } from '../../src/core/debug-switch.js';
import { parseDuration } from '../../src/commands/duration.js';

describe('token endpoint origin', () => {
  test('Zoom by default; https overrides; plain http only for loopback', () => {
    assert.equal(resolveOAuthOrigin({}), 'https://zoom.us');
    assert.equal(resolveOAuthOrigin({ ZOOM_S2S_OAUTH_URL: 'https://zoomgov.com/' }), 'https://zoomgov.com');
    for (const ok of ['http://127.0.0.1:4000', 'http://localhost:1', 'http://[::1]:8080', 'http://127.1.2.3']) {
      assert.equal(resolveOAuthOrigin({ ZOOM_S2S_OAUTH_URL: ok }), new URL(ok).origin, ok);
    }
    for (const bad of ['http://example.com', 'http://10.0.0.1', 'ftp://127.0.0.1', 'not a url', 'http://127.0.0.1.evil.com']) {
      assert.throws(() => resolveOAuthOrigin({ ZOOM_S2S_OAUTH_URL: bad }), UsageError, bad);
    }
    assert.equal(tokenUrl('https://zoom.us'), 'https://zoom.us/oauth/token');
  });

  test('messages name Zoom only when Zoom is the one answering', () => {
    assert.equal(endpointName('https://zoom.us'), 'Zoom');
    assert.equal(endpointName('https://zoomgov.com', 'zoomgov.com'), 'Zoom');
    // Zoom for Government credentials sent to zoom.us came from the override.
    assert.equal(endpointName('https://zoom.us', 'zoomgov.com'), 'https://zoom.us (ZOOM_S2S_OAUTH_URL)');
    assert.equal(endpointName('http://127.0.0.1:4000'), 'http://127.0.0.1:4000 (ZOOM_S2S_OAUTH_URL)');
  });
});

describe('credential values', () => {
  const cases: Array<[Parameters<typeof credentialProblem>[0], string, RegExp | undefined]> = [
    ['accountId', 'AbC_12-3', undefined],
    ['clientSecret', 'x'.repeat(32), undefined],
    ['accountId', '', /empty/],
    ['clientId', 'a b', /spaces/],
    ['clientId', 'ab\ncd', /control characters/],
    ['clientSecret', 'ab\u0000cd', /control characters/],
    ['clientSecret', 'x'.repeat(1025), /1025 characters/],
    ['clientId', 'abc:def', /":"/],
    ['accountId', 'héllo', /printable ASCII/],
    ['accountId', '--x', /starts with "-"/],
    ['clientSecret', '-abc', /starts with "-"/],
  ];
  for (const [field, value, expected] of cases) {
    test(`${field} ${JSON.stringify(value.slice(0, 20))}`, () => {
      const problem = credentialProblem(field, value);
      if (expected) assert.match(problem ?? '', expected);
      else assert.equal(problem, undefined);
      if (problem && field === 'clientSecret' && value.length > 2) assert.ok(!problem.includes(value));
    });
  }
});

describe('output helpers', () => {
  test('colour: NO_COLOR wins, FORCE_COLOR forces, else only on a terminal', () => {
    assert.equal(colorEnabled(true, {}), true);
    assert.equal(colorEnabled(true, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(true, { NO_COLOR: '1', FORCE_COLOR: '1' }), false);
    assert.equal(colorEnabled(false, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(true, { FORCE_COLOR: '0' }), false);
    assert.equal(colorEnabled(false, {}), false);
    assert.equal(colorEnabled(true, { TERM: 'dumb' }), false);
  });

  test('remaining time and UTC times read naturally', () => {
    assert.equal(describeRemaining(0), 'expired');
    assert.equal(describeRemaining(45), 'in 45 s');
    assert.equal(describeRemaining(3599), 'in 59 min');
    assert.equal(describeRemaining(7500), 'in 2 h 5 min');
    const now = Date.parse('2026-11-28T12:00:00Z');
    assert.equal(formatUtc(now + 3_600_000, now), '13:00:00 UTC');
    assert.equal(formatUtc(now + 86_400_000, now), '2026-11-29 12:00:00 UTC');
  });

  test('DEBUG=zoom-s2s turns debug output on', () => {
    assert.equal(debugFromEnv({ DEBUG: 'zoom-s2s' }), true);
    assert.equal(debugFromEnv({ DEBUG: 'express,zoom-s2s' }), true);
    assert.equal(debugFromEnv({ DEBUG: 'express' }), false);
    assert.equal(debugFromEnv({}), false);
  });

  test('no clipboard without a display on Linux', () => {
    assert.match(clipboardUnavailableReason({}, 'linux') ?? '', /DISPLAY/);
    assert.equal(clipboardUnavailableReason({ DISPLAY: ':99' }, 'linux'), undefined);
    assert.equal(clipboardUnavailableReason({}, 'darwin'), undefined);
  });
});

describe('scopes', () => {
  test('sorted, deduplicated and grouped by product', () => {
    const scopes = ['user:read:admin', 'meeting:write:admin', 'user:read:email', 'meeting:read:admin', 'user:read:admin'];
    assert.deepEqual(sortScopes(scopes), ['meeting:read:admin', 'meeting:write:admin', 'user:read:admin', 'user:read:email']);
    assert.deepEqual(groupScopes(scopes), [
      { product: 'meeting', scopes: ['meeting:read:admin', 'meeting:write:admin'] },
      { product: 'user', scopes: ['user:read:admin', 'user:read:email'] },
    ]);
  });
});

describe('durations', () => {
  test('90s, 10m, 1h, 1h30m, 0', () => {
    const hour = 3_600_000;
    assert.equal(parseDuration('90s', '--min-ttl', hour), 90_000);
    assert.equal(parseDuration('10m', '--min-ttl', hour), 600_000);
    assert.equal(parseDuration('1h', '--min-ttl', hour), hour);
    assert.equal(parseDuration('0h30m', '--min-ttl', hour), 1_800_000);
  });
  test('garbage, negatives, bare numbers and more than the maximum are usage errors naming the option', () => {
    for (const bad of ['-5m', 'abc', '10y', '', '5', '0', '0s', '1h 5m', '2h']) {
      assert.throws(() => parseDuration(bad, '--min-ttl', 3_600_000), (error: unknown) => error instanceof UsageError && error.message.includes('--min-ttl'), bad);
    }
  });
});
