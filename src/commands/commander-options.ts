/** commander's options built from a flag table (flags.ts), so a table is the one place its flags are written. */
import { Option, type Command } from 'commander';
import type { FlagTable } from './flags.js';

/** Adds every flag of `table` to `command`, in the table's order. A table's keys are commander's attribute names (checked by a test). */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const spec of Object.values(table)) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.conflicts !== undefined) option.conflicts(spec.conflicts);
    command.addOption(option);
  }
  return command;
}
