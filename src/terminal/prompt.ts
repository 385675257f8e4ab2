/** Interactive questions, asked on stderr so stdout stays clean for data. */
import { InterruptedError } from '../core/errors.js';

export interface Prompter {
  input(message: string, validate: (value: string) => string | true): Promise<string>;
  /** Typed characters are never shown, not even as "*". */
  secret(message: string, validate: (value: string) => string | true): Promise<string>;
}

export function inquirerPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const context = { input, output, clearPromptOnDone: false };
  // The check mark of zoom-s2s's own messages, not inquirer's heavier one.
  const theme = { prefix: { idle: '?', done: '✓' } };
  const ask = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new InterruptedError();
      }
      throw error;
    }
  };
  return {
    async input(message, validate) {
      const prompts = await import('@inquirer/prompts');
      return ask(() => prompts.input({ message, validate, theme }, context));
    },
    async secret(message, validate) {
      const prompts = await import('@inquirer/prompts');
      // No mask: one "*" per character would tell the secret's length (ssh, sudo and gh show nothing either).
      return ask(() => prompts.password({ message, mask: false, toggleMask: false, validate, theme }, context));
    },
  };
}
