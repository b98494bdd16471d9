/**
 * What every CLI command gets: the process's streams and environment, the global options
 * (`--server`, `--data-dir`, `--json`, `--admin-token`), output helpers and a lazily opened Api.
 * Opening the Api is the only thing that touches the data dir, so a command that never calls
 * `open()` creates nothing on disk.
 */
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Api } from './api.js';
import { resolveApiKey } from './users.js';

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
}

/** The options every command accepts (declared once, on the program). */
export interface GlobalOptions {
  readonly server?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
  readonly adminToken?: string;
  readonly apiKey?: string;
}

export class CliContext {
  private api: Api | null = null;
  /** The exit code the command's action sets (0 unless it says otherwise). */
  exitCode = 0;

  constructor(readonly io: CliIo) {}

  /** The global options as seen from `cmd` (they may be written before or after the command name). */
  globals(cmd: Command): GlobalOptions {
    return cmd.optsWithGlobals() as GlobalOptions;
  }

  /** The data dir of the in-process platform (default ./.autolearn). */
  dataDir(cmd: Command): string {
    return resolve(this.io.cwd, this.globals(cmd).dataDir ?? '.autolearn');
  }

  /** One line (or block) on stdout. */
  out(s: string): void {
    this.io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  }

  /** A note for the user on stderr (keeps stdout clean for `--json`). */
  note(s: string): void {
    this.io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  }

  /** `json` as JSON with `--json`, else the text. */
  print(cmd: Command, json: unknown, text: () => string): void {
    this.out(this.globals(cmd).json ? JSON.stringify(json, null, 2) : text());
  }

  /**
   * The API key sent to a server: `--api-key`, else AUTOLEARN_API_KEY, else `--admin-token` /
   * AUTOLEARN_ADMIN_TOKEN, else the local data dir's admin-token file (a server on this machine).
   */
  apiKey(cmd: Command): string | undefined {
    const g = this.globals(cmd);
    return resolveApiKey({
      apiKey: g.apiKey,
      adminToken: g.adminToken,
      env: this.io.env,
      dataDir: this.dataDir(cmd),
    });
  }

  /** The platform: a server with `--server URL`, else in-process on the data dir (created on open). */
  async open(cmd: Command): Promise<Api> {
    if (this.api) return this.api;
    const g = this.globals(cmd);
    const { HttpApi, InProcessApi } = await import('./api.js');
    this.api = g.server
      ? new HttpApi(g.server, this.apiKey(cmd))
      : await InProcessApi.open(this.dataDir(cmd), this.io.env);
    return this.api;
  }

  /** What the model commands (predict, export, show one record) need to reach the platform. */
  access(cmd: Command): {
    server?: string;
    apiKey?: string;
    dataDir: string;
    env: Record<string, string | undefined>;
  } {
    const g = this.globals(cmd);
    return {
      server: g.server,
      apiKey: g.server ? this.apiKey(cmd) : undefined,
      dataDir: this.dataDir(cmd),
      env: this.io.env,
    };
  }

  async close(): Promise<void> {
    const a = this.api;
    this.api = null;
    if (a) await a.close();
  }
}
