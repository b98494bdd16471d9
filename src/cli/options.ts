/** Option value parsers shared by the commands: strict numbers, integers in a range, times, lists. */
import { InvalidArgumentError } from 'commander';

/** A finite decimal number (no `1e3`-style surprises for integers; see `integer`). */
export function number(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`must be a number, got '${v}'`);
  return n;
}

/** A parser for a base-10 integer in [min, max] (digits only, optional minus sign). */
export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const t = v.trim();
    if (!/^-?\d+$/.test(t)) throw new InvalidArgumentError(`must be an integer, got '${v}'`);
    const n = Number(t);
    if (n < min || n > max)
      throw new InvalidArgumentError(`must be an integer in ${min}..${max}, got '${v}'`);
    return n;
  };
}

/** A TCP port: an integer in 0..65535 (0 = any free port). */
export const port = integer(0, 65_535);

/** A time as ms since the epoch or an ISO date. */
export function time(v: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t))
    throw new InvalidArgumentError(`must be ms since the epoch or an ISO date, got '${v}'`);
  return t;
}

/** Collects a repeatable option (`--param a=1 --param b=2`). */
export function collect(v: string, previous: string[] = []): string[] {
  return [...previous, v];
}

/** A parser accepting one of `choices`, with the allowed values in its message. */
export function oneOf(flag: string, choices: readonly string[]) {
  return (v: string): string => {
    if (!choices.includes(v))
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got '${v}'`);
    return v;
  };
}
