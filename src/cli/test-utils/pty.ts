/**
 * Drives the compiled CLI through a real pseudo-terminal: util-linux `script` allocates the pty and
 * runs the command on it (so stdin, stdout and stderr are TTYs for the CLI); what the test writes to
 * script's stdin reaches the CLI as keystrokes. The screen text is kept with ANSI codes stripped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { BIN } from './proc.js';

export const KEY = {
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  left: '\x1b[D',
  right: '\x1b[C',
  backspace: '\x7f',
};

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g;

export class PtySession {
  private raw = '';
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string | undefined> } = {},
  ) {
    // the pty starts 0x0 (script's stdin is no terminal): give it a size before the CLI starts
    const command = `stty cols 120 rows 40; exec ${[process.execPath, BIN, ...args].map(shellWord).join(' ')}`;
    this.proc = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (d) => {
      this.raw += String(d);
    });
    this.proc.stderr!.on('data', (d) => {
      this.raw += String(d);
    });
    this.exited = new Promise((resolve) => this.proc.on('close', (code) => resolve(code)));
  }

  /** Everything shown so far, without ANSI codes. */
  get screen(): string {
    return this.raw.replace(ANSI, '');
  }

  /** Marks the current end of the output; `waitFor(re, { after })` only looks past it. */
  mark(): number {
    return this.screen.length;
  }

  async waitFor(re: RegExp, o: { after?: number; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (o.timeoutMs ?? 15_000);
    while (!re.test(this.screen.slice(o.after ?? 0))) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${re} on the terminal; it shows:\n${this.screen.slice(-2000)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Types keys, then waits a moment for the screen to follow. */
  async type(keys: string, settleMs = 120): Promise<void> {
    this.proc.stdin!.write(keys);
    await new Promise((r) => setTimeout(r, settleMs));
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }
}
