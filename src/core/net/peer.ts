/**
 * Which account is at the other end of a loopback TCP connection, on Linux.
 * The kernel lists every TCP socket of the network namespace with its
 * owner's uid in /proc/net/tcp (IPv4) and /proc/net/tcp6; a client's socket
 * is the entry whose local address is the connection's remote end and whose
 * remote address is the server's end. Read synchronously, in the server's
 * 'connection' event: the verdict comes before a byte of the request is read.
 *
 * An address is printed as 32-bit words, each in the machine's own byte
 * order (127.0.0.1 is 0100007F on x86), a port as four hex digits.
 */

/** The two ends of a connection as the server sees them. */
export interface ConnectionEnds {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

/** Reads a table: /proc/net/tcp or /proc/net/tcp6; undefined when it cannot be read. */
export type ReadSocketTable = (file: 'tcp' | 'tcp6') => string | undefined;

export const readProcSocketTable: ReadSocketTable = (file) => {
  try {
    return process.getBuiltinModule('node:fs').readFileSync(`/proc/net/${file}`, 'latin1');
  } catch {
    return undefined;
  }
};

const LITTLE_ENDIAN = process.getBuiltinModule('node:os').endianness() === 'LE';

/** The uid owning the socket at the client's end of `ends`; undefined when no such socket is listed. */
export function connectionOwner(ends: ConnectionEnds, readTable: ReadSocketTable = readProcSocketTable, littleEndian = LITTLE_ENDIAN): number | undefined {
  const client = tableAddress(ends.remoteAddress, ends.remotePort, littleEndian);
  const server = tableAddress(ends.localAddress, ends.localPort, littleEndian);
  if (client === undefined || server === undefined || client.file !== server.file) return undefined;
  return findOwner(readTable(client.file), (local, remote) => local === client.text && remote === server.text);
}

/** The uid owning the listening socket at `address`:`port`: the check that this machine's tables can be read and understood. */
export function listenerOwner(address: string, port: number, readTable: ReadSocketTable = readProcSocketTable, littleEndian = LITTLE_ENDIAN): number | undefined {
  const listener = tableAddress(address, port, littleEndian);
  if (listener === undefined) return undefined;
  // State 0A is LISTEN.
  return findOwner(readTable(listener.file), (local, _remote, state) => local === listener.text && state === '0A');
}

function findOwner(table: string | undefined, wanted: (local: string, remote: string, state: string) => boolean): number | undefined {
  if (table === undefined) return undefined;
  // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid …
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8 || !wanted(fields[1]!, fields[2]!, fields[3]!)) continue;
    return /^\d{1,10}$/.test(fields[7]!) ? Number(fields[7]) : undefined;
  }
  return undefined;
}

/** `address`:`port` as the table prints it, and which table lists it. */
export function tableAddress(address: string, port: number, littleEndian = LITTLE_ENDIAN): { file: 'tcp' | 'tcp6'; text: string } | undefined {
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  // node:net is loaded here, not when the full CLI starts: only a serving command meets a connection.
  const { isIPv4, isIPv6 } = process.getBuiltinModule('node:net');
  const bytes = isIPv4(address) ? ipv4Bytes(address) : isIPv6(address) ? ipv6Bytes(address) : undefined;
  if (bytes === undefined) return undefined;
  let text = '';
  for (let at = 0; at < bytes.length; at += 4) {
    const word = bytes.slice(at, at + 4);
    if (littleEndian) word.reverse();
    text += word.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }
  return { file: bytes.length === 4 ? 'tcp' : 'tcp6', text: `${text.toUpperCase()}:${port.toString(16).toUpperCase().padStart(4, '0')}` };
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address ("::1", "::ffff:127.0.0.1"; a zone such as "%lo" is dropped). */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  let tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail = ipv4Bytes(dotted[1]!);
    text = `${text.slice(0, dotted.index)}:0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const before = groups(head);
  const after = groups(rest);
  const words = rest === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  if (words.length !== 8) return undefined;
  const bytes = words.flatMap((word) => {
    const value = Number.parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}
