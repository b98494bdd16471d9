/**
 * One CLI command = one file exporting a `CliCommand`, listed once in commands.ts. `register` adds
 * the command (name, arguments, options, help, action) to its parent: the program, or a group such
 * as `admin` (then `group: 'admin'`). The action reads global options through the context and sets
 * `ctx.exitCode` when it is not 0; it throws typed errors (UsageError for bad input) and never
 * prints errors itself: run.ts prints them (as text, or as a JSON object with `--json`).
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

export interface CliCommand {
  /** The name typed after `autolearn` (or after the group's name). */
  readonly name: string;
  /** The group this command belongs to (`admin`), or absent for a top-level command. */
  readonly group?: string;
  register(parent: Command, ctx: CliContext): void;
}

/** A group of commands (`autolearn admin <command>`). */
export interface CliGroup {
  readonly name: string;
  readonly description: string;
}

/** The command itself inside an action (commander passes it as the last argument). */
export function self(args: readonly unknown[]): Command {
  return args[args.length - 1] as Command;
}
