/** The MCP server's policy (core/api/policy.ts) and its checks on what an agent sends (commands/mcp/tools.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describePolicy, policyRefusal, type ApiPolicy } from '../../src/core/api/policy.js';
import { parseAllowRule } from '../../src/commands/policy-flags.js';
import { UsageError } from '../../src/core/errors.js';
import { checkZoomApiInput } from '../../src/commands/mcp/tools.js';

describe('policy', () => {
  const policy = (allowWrite: boolean, ...rules: string[]): ApiPolicy => ({ allowWrite, rules: rules.map(parseAllowRule) });

  test('read-only by default; --allow-write allows the other methods', () => {
    assert.equal(policyRefusal(policy(false), 'GET', '/users/me'), undefined);
    assert.match(policyRefusal(policy(false), 'DELETE', '/meetings/1')!, /read-only .*--allow-write/);
    assert.equal(policyRefusal(policy(true), 'DELETE', '/meetings/1'), undefined);
  });

  test('--allow patterns: * is one segment, ** the rest; both conditions apply', () => {
    const narrow = policy(true, 'GET /users/*', 'POST /users/*/meetings', 'GET /report/**', 'get /v2/past_meetings/*/participants/');
    assert.equal(policyRefusal(narrow, 'GET', '/users/me'), undefined);
    assert.match(policyRefusal(narrow, 'GET', '/users/me/meetings')!, /allows only GET \/users\/\*, POST \/users\/\*\/meetings/);
    assert.equal(policyRefusal(narrow, 'POST', '/users/abc/meetings'), undefined);
    assert.ok(policyRefusal(narrow, 'PATCH', '/users/abc/meetings'));
    assert.equal(policyRefusal(narrow, 'GET', '/report/daily'), undefined);
    assert.equal(policyRefusal(narrow, 'GET', '/report/users/x/meetings'), undefined);
    assert.ok(policyRefusal(narrow, 'GET', '/reports'));
    assert.equal(policyRefusal(narrow, 'GET', '/past_meetings/123/participants'), undefined, 'method case, /v2 and a trailing slash do not matter');
    // A rule for a write does not lift read-only.
    assert.match(policyRefusal(policy(false, 'POST /users/*/meetings'), 'POST', '/users/me/meetings')!, /read-only/);
  });

  test('a * matches one non-empty segment, never an empty one or two', () => {
    const one = policy(false, 'GET /users/*', 'GET /users/*/meetings', 'GET /report/**');
    assert.equal(policyRefusal(one, 'GET', '/users/me'), undefined);
    for (const path of ['/users/', '/users', '/users//meetings', '/users/a/b', '/users/me/x/meetings']) assert.ok(policyRefusal(one, 'GET', path), path);
    assert.equal(policyRefusal(one, 'GET', '/report'), undefined, '** may be no segment at all');
    assert.equal(policyRefusal(one, 'GET', '/report/a/b/c'), undefined);
  });

  test('patterns are not regular expressions', () => {
    const dots = policy(false, 'GET /users/a.b');
    assert.equal(policyRefusal(dots, 'GET', '/users/a.b'), undefined);
    assert.ok(policyRefusal(dots, 'GET', '/users/axb'));
  });

  test('bad rules are usage errors', () => {
    for (const bad of ['/users/*', 'FETCH /users', 'GET users', 'GET /a/**/b', 'GET /a//b', '']) {
      assert.throws(() => parseAllowRule(bad), UsageError, bad);
    }
  });

  test('the policy in a sentence', () => {
    assert.equal(describePolicy(policy(false)), 'Allowed: GET only (read-only), on any Zoom API path.');
    assert.equal(describePolicy(policy(true, 'GET /users/*')), 'Allowed: GET, POST, PATCH, PUT and DELETE, and of those only GET /users/*.');
  });
});

describe('zoom_api arguments', () => {
  test('a plain call, with its defaults', () => {
    assert.deepEqual(checkZoomApiInput({ path: '/users/me' }), { method: 'GET', path: '/users/me', query: [], body: undefined, paginate: false });
    const post = checkZoomApiInput({ method: 'post', path: 'users/me/meetings', body: { topic: 'x' }, query: { a: 1, b: true } });
    assert.equal(post.method, 'POST');
    assert.deepEqual(post.query, [['a', '1'], ['b', 'true']]);
    assert.equal(post.body?.toString('utf8'), '{"topic":"x"}');
  });

  test('a double-encoded meeting UUID, as Zoom asks for one with a "/", is a canonical path', () => {
    assert.equal(checkZoomApiInput({ path: '/past_meetings/%252Fab%252F%252Fcd%3D%3D/participants' }).path, '/past_meetings/%252Fab%252F%252Fcd%3D%3D/participants');
  });

  test('refused before anything is sent', () => {
    const bad: unknown[] = [
      null,
      [],
      { path: '' },
      { path: 'https://evil.example/x' },
      { path: '//evil.example/x' },
      { path: '/users/me?page_size=1' },
      { path: '/users/me#x' },
      { path: '/users%2Fme' },
      { path: '/users%2fme' },
      { path: '/users/%2e%2e/accounts' },
      { path: '/users/me%2E' },
      { path: '/users%5cme' },
      { path: '/users/me;type=admin' },
      { path: '/users/me%3btype=admin' },
      { path: '/users/me%00' },
      { path: '/users/me%0a' },
      { path: '/users//meetings' },
      { path: '/users\\me' },
      { path: '/users/\u001b[2Jme' },
      { path: 'x'.repeat(3000) },
      { path: '/users', method: 'TRACE' },
      { path: '/users', paginate: 'yes' },
      { path: '/users', method: 'POST', paginate: true },
      { path: '/users', query: [1] },
      { path: '/users', query: { a: { b: 1 } } },
      { path: '/users', body: { a: 1 } },
      { path: '/users', method: 'POST', body: 'text' },
      { path: '/users', method: 'POST', body: { big: 'x'.repeat(1024 * 1024) } },
      { path: '/users', extra: 1 },
    ];
    for (const args of bad) assert.throws(() => checkZoomApiInput(args), UsageError, JSON.stringify(args)?.slice(0, 80));
  });
});
