// Option parsers shared by the commands.

import { InvalidArgumentError } from 'commander';

/** A parser for a whole-number option of at least 1 that names the option when it refuses a value. */
export function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1, got '${v}'`);
    return n;
  };
}

/** A parser for a whole-number option of at least 0 that names the option when it refuses a value. */
export function wholeNumber(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number of at least 0, got '${v}'`);
    return n;
  };
}
