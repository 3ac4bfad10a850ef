/**
 * Minimal `--name value` / `--flag` parsing for our commands. Unknown flags are an error with the usage line,
 * so a typo never silently runs with defaults.
 */
export type FlagSpec = Record<string, 'string' | 'boolean'>;
export type Flags = { [name: string]: string | boolean | string[] | undefined; _: string[] };

export class UsageError extends Error {}

export function parseFlags(argv: string[], spec: FlagSpec, usage: string): Flags {
  const flags: Flags = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      flags._.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option --${name}\n${usage}`);
    if (kind === 'boolean') {
      flags[name] = true;
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value\n${usage}`);
      flags[name] = value;
    }
  }
  return flags;
}
