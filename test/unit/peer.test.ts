/**
 * Who is at the other end of a loopback connection (core/net/peer.ts), and
 * the loopback server closing connections that are not its own account's
 * (core/net/loopback.ts), with socket tables written here: another account,
 * no entry, an unreadable table. test/hardening/other-account runs the same
 * against the real kernel as a second account.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { FIRST_REQUEST_MS, listenOnLoopback } from '../../src/core/net/loopback.js';
import { connectionOwner, listenerOwner, tableAddress, type ReadSocketTable } from '../../src/core/net/peer.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const row = (local: string, remote: string, state: string, uid: number) => `   0: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000 ${String(uid).padStart(5)}        0 4242 1 0000000000000000 100 0 0 10 0`;
const tables = (tcp: string[], tcp6: string[] = []): ReadSocketTable => (file) => [HEADER, ...(file === 'tcp' ? tcp : tcp6)].join('\n');

describe('the kernel\'s socket tables', () => {
  test('addresses as /proc/net/tcp prints them: words in the machine\'s byte order, the port in four hex digits', () => {
    assert.deepEqual(tableAddress('127.0.0.1', 8080, true), { file: 'tcp', text: '0100007F:1F90' });
    assert.deepEqual(tableAddress('127.0.0.1', 8080, false), { file: 'tcp', text: '7F000001:1F90' });
    assert.deepEqual(tableAddress('::1', 443, true), { file: 'tcp6', text: '00000000000000000000000001000000:01BB' });
    assert.deepEqual(tableAddress('::1', 443, false), { file: 'tcp6', text: '00000000000000000000000000000001:01BB' });
    assert.deepEqual(tableAddress('::ffff:127.0.0.1', 1, true), { file: 'tcp6', text: '0000000000000000FFFF00000100007F:0001' });
    assert.deepEqual(tableAddress('fe80::1:2%lo', 65535, false), { file: 'tcp6', text: 'FE800000000000000000000000010002:FFFF' });
    assert.equal(tableAddress('localhost', 80), undefined);
    assert.equal(tableAddress('127.0.0.1', 70000), undefined);
  });

  test('the owner of a connection is the uid of the client\'s socket, matched by both of its ends', () => {
    const ends = { localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '127.0.0.1', remotePort: 50000 };
    const read = tables([
      row('0100007F:1F90', '00000000:0000', '0A', 0), // the server listening
      row('0100007F:1F90', '0100007F:C350', '01', 0), // the server's end of the connection
      row('0100007F:C351', '0100007F:1F90', '01', 1000), // another client's, one port up
      row('0100007F:C350', '0100007F:1F91', '01', 1001), // the same port, to another server
      row('0100007F:C350', '0100007F:1F90', '01', 65534), // the client's socket
    ]);
    assert.equal(connectionOwner(ends, read, true), 65534);
    assert.equal(connectionOwner({ ...ends, remotePort: 50002 }, read, true), undefined, 'no entry: no owner');
    assert.equal(connectionOwner(ends, () => undefined, true), undefined, 'an unreadable table: no owner');
    assert.equal(connectionOwner({ ...ends, remoteAddress: '::1' }, read, true), undefined, 'ends in two families: no owner');
    const six = tables([], [row('00000000000000000000000001000000:C350', '00000000000000000000000001000000:1F90', '01', 42)]);
    assert.equal(connectionOwner({ localAddress: '::1', localPort: 8080, remoteAddress: '::1', remotePort: 50000 }, six, true), 42);
    assert.equal(connectionOwner(ends, tables([row('0100007F:C350', '0100007F:1F90', '01', -1)]), true), undefined, 'a uid that is not a number');
  });

  test('the listener\'s owner is the entry in state LISTEN (0A) at its address', () => {
    const read = tables([row('0100007F:1F90', '0100007F:C350', '01', 7), row('0100007F:1F90', '00000000:0000', '0A', 0)]);
    assert.equal(listenerOwner('127.0.0.1', 8080, read, true), 0);
    assert.equal(listenerOwner('127.0.0.1', 8081, read, true), undefined);
  });

  test('this machine\'s own tables list a listening socket as this account\'s', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
    const server = await listenOnLoopback('127.0.0.1', 0, { platform: 'linux' });
    try {
      assert.equal(listenerOwner('127.0.0.1', Number(new URL(server.origin).port)), process.getuid!());
    } finally {
      await server.close();
    }
  });
});

/** Connects, sends a request, and says whether an answer came or the connection was closed without one. */
function ask(origin: string, path: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${new URL(origin).host}\r\nConnection: close\r\n\r\n`));
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer === '' ? 'closed without an answer' : answer.split('\r\n')[0]!));
  });
}

describe('a loopback server serves only its own account', () => {
  const serve = async (host: '127.0.0.1' | '::1', readTable: ReadSocketTable | undefined, uid?: number) => {
    const server = await listenOnLoopback(host, 0, { platform: 'linux', ...(readTable ? { readTable } : {}), ...(uid === undefined ? {} : { uid }) });
    server.server.on('request', (req, res) => res.end(server.admit(req).ok ? 'yes' : 'no'));
    return server;
  };
  const me = process.getuid!();

  for (const host of ['127.0.0.1', '::1'] as const) {
    test(`on ${host}: its own account's connection is served, as the kernel's tables say`, { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
      const server = await serve(host, undefined);
      try {
        assert.equal(await ask(server.origin, `/${server.key}/`), 'HTTP/1.1 200 OK');
      } finally {
        await server.close();
      }
    });
  }

  test('a connection the tables give to another account, or to no one, is closed before its request is read', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
    // The real tables, with every client socket's owner replaced: the listener stays this account's.
    const real = (await import('../../src/core/net/peer.js')).readProcSocketTable;
    let clientsOwner: number | undefined = me + 1;
    const lying: ReadSocketTable = (file) =>
      real(file)
        ?.split('\n')
        .map((line, at) => {
          const fields = line.trim().split(/\s+/);
          if (at === 0 || fields[3] === '0A' || fields.length < 8) return line;
          return clientsOwner === undefined ? '' : line.replace(new RegExp(`(\\s)${fields[7]}(\\s)`), `$1${clientsOwner}$2`);
        })
        .join('\n');
    const server = await serve('127.0.0.1', lying);
    let requests = 0;
    server.server.on('request', () => requests++);
    try {
      assert.equal(await ask(server.origin, `/${server.key}/`), 'closed without an answer', 'another account');
      clientsOwner = undefined;
      assert.equal(await ask(server.origin, `/${server.key}/`), 'closed without an answer', 'no entry for the client');
      assert.equal(requests, 0, 'no request was read');
    } finally {
      await server.close();
    }
  });

  test('tables that do not list the server as this account\'s: it does not start', async () => {
    await assert.rejects(serve('127.0.0.1', () => undefined), /Cannot tell which account connects to 127\.0\.0\.1:\d+/);
    await assert.rejects(serve('127.0.0.1', undefined, me + 1), /does not list this server as yours/);
  });

  test('elsewhere than Linux the tables are not read: the key is the guard', async () => {
    const server = await listenOnLoopback('127.0.0.1', 0, { platform: 'darwin', readTable: () => assert.fail('read on darwin') });
    server.server.on('request', (_req, res) => res.end());
    try {
      assert.equal(await ask(server.origin, `/${server.key}/`), 'HTTP/1.1 200 OK');
    } finally {
      await server.close();
    }
  });

  test(`a connection that sends nothing is closed after ${FIRST_REQUEST_MS / 1000} s`, { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const server = await serve('127.0.0.1', undefined);
    try {
      const { port } = new URL(server.origin);
      const closed = new Promise<void>((resolve) => connect(Number(port), '127.0.0.1').on('close', () => resolve()).on('error', () => undefined));
      await new Promise((resolve) => server.server.once('connection', () => setImmediate(resolve)));
      t.mock.timers.tick(FIRST_REQUEST_MS - 1);
      let isClosed = false;
      void closed.then(() => (isClosed = true));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(isClosed, false, 'still open just before');
      t.mock.timers.tick(1);
      await closed;
    } finally {
      await server.close();
    }
  });
});
