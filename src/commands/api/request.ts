/**
 * Turning `zoom-s2s api` arguments into a request: the method, query
 * parameters, headers and body. Pure; every mistake is a UsageError raised
 * before anything is sent.
 */
import { UsageError } from '../../core/errors.js';

export interface FieldArgument {
  /** "key=value"; the key may be nested: "settings[host_video]=true", "tags[]=a". */
  text: string;
  /** -F converts true, false, null and numbers to JSON values; -f keeps every value a string. */
  typed: boolean;
}

export interface ApiArguments {
  /** -X; undefined picks GET, or POST when a body is given. */
  method: string | undefined;
  fields: FieldArgument[];
  /** -H "Name: value". */
  headers: string[];
  /** The contents of --input. */
  input: Buffer | undefined;
  /** --paginate: lists are read with GET, so fields go into the query. */
  paginate: boolean;
}

export interface PlannedRequest {
  method: string;
  /** Added to the URL's own query. */
  query: Array<[string, string]>;
  /** Lower-case names; never Authorization (added when sent). */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Without a prototype, so a field named __proto__ is just a key. */
const newObject = () => Object.create(null) as { [key: string]: Json };

/** Methods whose body, when they have one, is the JSON built from the fields. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function planApiRequest(args: ApiArguments, userAgent: string): PlannedRequest {
  const method = chooseMethod(args);
  if (args.paginate && method !== 'GET') throw new UsageError(`--paginate reads lists with GET, not ${method}.`);

  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
  for (const header of args.headers) {
    const [name, value] = parseHeader(header);
    headers[name] = value;
  }

  const fieldsInBody = BODY_METHODS.has(method) && args.input === undefined;
  let body = args.input;
  let query: Array<[string, string]> = [];
  if (fieldsInBody && args.fields.length > 0) {
    body = Buffer.from(JSON.stringify(buildJsonBody(args.fields)));
  } else {
    query = args.fields.map(queryParameter);
  }
  if (body !== undefined && !BODY_METHODS.has(method) && method !== 'DELETE') {
    throw new UsageError(`A ${method} request cannot have a body (--input).`, 'Use -X POST, PUT or PATCH, or give the values as fields (-F) for the query.');
  }
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  return { method, query, headers, body };
}

function chooseMethod(args: ApiArguments): string {
  if (args.method !== undefined) {
    if (!/^[A-Za-z]+$/.test(args.method)) throw new UsageError(`Not an HTTP method: ${args.method}`, 'Use GET, POST, PATCH, PUT or DELETE.');
    return args.method.toUpperCase();
  }
  if (args.paginate) return 'GET';
  return args.input !== undefined || args.fields.length > 0 ? 'POST' : 'GET';
}

/** "Name: value" → ["name", "value"]. Authorization is ours: the token goes there. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  const value = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (!HEADER_NAME.test(name)) throw new UsageError(`Not a header: ${JSON.stringify(text)}`, 'Write it as "Name: value", e.g. -H "Accept: application/json".');
  if (/[\r\n\0]/.test(value)) throw new UsageError(`The value of header ${name} contains a line break.`);
  // What HTTP (and Node, which would refuse it only once the request is sent) allows: visible Latin-1, spaces, tabs.
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
    throw new UsageError(`The value of header ${name} has characters a header cannot carry (control characters, or beyond Latin-1).`, 'Percent-encode or drop them.');
  }
  if (name.toLowerCase() === 'authorization') {
    throw new UsageError('The Authorization header cannot be set: zoom-s2s puts the access token there.', 'To call with another token, use curl.');
  }
  return [name.toLowerCase(), value];
}

function splitField(field: FieldArgument): { keyText: string; raw: string } {
  const equals = field.text.indexOf('=');
  if (equals <= 0) throw new UsageError(`Not a field: ${JSON.stringify(field.text)}`, 'Write it as key=value, e.g. -F topic="Weekly sync".');
  return { keyText: field.text.slice(0, equals), raw: field.text.slice(equals + 1) };
}

/** "true", "false", "null" and JSON numbers as JSON values (-F); anything else, and everything from -f, as a string. */
function fieldValue(raw: string, typed: boolean): Json {
  if (!typed) return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw) && Number.isSafeInteger(Math.trunc(Number(raw)))) return Number(raw);
  return raw;
}

/** "settings[host_video]" → ["settings", "host_video"]; "tags[]" → ["tags", ""] ("" appends to a list). */
function keyPath(keyText: string, field: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(keyText);
  if (!match) throw new UsageError(`Not a field name: ${JSON.stringify(keyText)} (in ${JSON.stringify(field)})`, 'Use key=value, or settings[key]=value for a nested value.');
  const path = [match[1]!];
  for (const part of match[2]!.matchAll(/\[([^[\]]*)\]/g)) path.push(part[1]!);
  return path;
}

/** The JSON object the fields describe, nested keys included. */
export function buildJsonBody(fields: FieldArgument[]): { [key: string]: Json } {
  const root = newObject();
  for (const field of fields) {
    const { keyText, raw } = splitField(field);
    const path = keyPath(keyText, field.text);
    const value = fieldValue(raw, field.typed);
    let node: { [key: string]: Json } | Json[] = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      const nextIsList = !last && path[i + 1] === '';
      if (Array.isArray(node)) {
        if (key !== '') throw new UsageError(`Field ${JSON.stringify(field.text)} mixes a list and named keys.`);
        if (last) node.push(value);
        else {
          const child: { [key: string]: Json } | Json[] = nextIsList ? [] : newObject();
          node.push(child);
          node = child;
        }
        continue;
      }
      if (key === '') throw new UsageError(`Field ${JSON.stringify(field.text)}: [] must follow a name.`);
      if (last) {
        if (Object.hasOwn(node, key)) throw new UsageError(`Field ${JSON.stringify(keyText)} is given twice.`, 'For a list, write key[]=value for each item.');
        node[key] = value;
        continue;
      }
      const existing: Json | undefined = Object.hasOwn(node, key) ? node[key] : undefined;
      if (existing === undefined) {
        const child: { [key: string]: Json } | Json[] = nextIsList ? [] : newObject();
        node[key] = child;
        node = child;
      } else if (existing !== null && typeof existing === 'object' && Array.isArray(existing) === nextIsList) {
        node = existing;
      } else {
        throw new UsageError(`Field ${JSON.stringify(field.text)} conflicts with an earlier field.`);
      }
    }
  }
  return root;
}

function queryParameter(field: FieldArgument): [string, string] {
  const { keyText, raw } = splitField(field);
  if (/[[\]]/.test(keyText)) throw new UsageError(`Nested field ${JSON.stringify(keyText)}: only a JSON body (POST, PUT, PATCH) can hold one.`);
  return [keyText, raw];
}
