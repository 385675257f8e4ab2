/** JSON objects: from a text (an answer's body), or from a file. */
import { readNoFollow } from './private-files.js';

/** The JSON object in `text`, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The JSON object in `file`; {} when the file does not exist. Anything else
 * (unreadable, a symbolic link, not JSON, not an object) goes through
 * `broken`, which names the file and says how to repair it.
 */
export function readJsonObject(file: string, broken: (error: unknown) => Error): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = readNoFollow(file);
  } catch (error) {
    throw broken(error);
  }
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw broken(error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw broken(new Error('not a JSON object'));
  return value as Record<string, unknown>;
}
