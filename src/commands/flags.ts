/**
 * Flags as data: a command whose flags are read before commander loads (the
 * global flags, `token`'s) describes them once in a table. commander builds
 * its options from the table (commander-options.ts); the entry (src/bin.ts)
 * reads a command line with readCommandLine below, from the same table, so
 * both know the same flags. No commander here: the entry must stay small.
 */

export interface FlagSpec {
  /** commander's syntax: "-f, --force", "--format <format>". */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Another flag of the table (its key) that cannot be given with this one. */
  readonly conflicts?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** What a table's flags were given as: a string for a flag with a value, true for a switch; absent when not given (defaults filled in). */
export type FlagValues = Record<string, string | true | undefined>;

/** The flag of `table` named `name` ("-f", "--force"): its key, and whether it takes a value. */
function findFlag(table: FlagTable, name: string): { key: string; takesValue: boolean } | undefined {
  for (const key in table) {
    const { flags } = table[key]!;
    // "-f, --force" and "--format <format>": a name is followed by ",", " " or the end.
    const at = flags.indexOf(name);
    const next = flags[at + name.length];
    if (at >= 0 && (at === 0 || flags[at - 1] === ' ') && (next === undefined || next === ',' || next === ' ')) return { key, takesValue: flags.endsWith('>') };
  }
  return undefined;
}

export interface CommandLine {
  globals: FlagValues;
  options: FlagValues;
}

/**
 * `argv` read as `<globals…> command <globals or options…>` when every word
 * is one the tables know and commander would take the same way, else
 * undefined (commander then reads it and says what is wrong). Left to
 * commander: any other word, a value that is missing, empty or looks like a
 * flag, a value outside `choices`, two conflicting flags, grouped short
 * flags, `--`. A flag given twice keeps its last value, as in commander.
 */
export function readCommandLine(argv: readonly string[], globalTable: FlagTable, command: string, table: FlagTable): CommandLine | undefined {
  const line: CommandLine = { globals: {}, options: {} };
  let seenCommand = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === command && !seenCommand) {
      seenCommand = true;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const own = seenCommand && name.startsWith('-') ? findFlag(table, name) : undefined;
    const flag = own ?? (name.startsWith('-') ? findFlag(globalTable, name) : undefined);
    if (!flag) return undefined;
    const values = own ? line.options : line.globals;
    if (!flag.takesValue) {
      if (equals > 0) return undefined;
      values[flag.key] = true;
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    values[flag.key] = value;
  }
  if (!seenCommand || !withDefaults(line.options, table)) return undefined;
  return line;
}

/** Fills in defaults; false when a value is outside its choices or two flags conflict. */
function withDefaults(values: FlagValues, table: FlagTable): boolean {
  for (const [key, spec] of Object.entries(table)) {
    const value = values[key];
    if (value !== undefined && spec.conflicts !== undefined && values[spec.conflicts] !== undefined) return false;
    if (typeof value === 'string' && spec.choices && !spec.choices.includes(value)) return false;
  }
  for (const [key, spec] of Object.entries(table)) {
    if (values[key] === undefined && spec.default !== undefined) values[key] = spec.default;
  }
  return true;
}
