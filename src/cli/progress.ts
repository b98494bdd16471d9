/**
 * A training progress line on stderr, only when stderr is a TTY: an indeterminate bar (the fit reports
 * no fraction done) with the job state and the elapsed time, redrawn a few times a second.
 */
import type { JobStatus } from '../server/job-manager.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

export class ProgressBar {
  private timer: NodeJS.Timeout | null = null;
  private state = 'queued';
  private start = Date.now();
  private frame = 0;

  constructor(
    private readonly out: ProgressStream,
    private readonly width = 24,
  ) {}

  get active(): boolean {
    return this.out.isTTY === true;
  }

  update(s: JobStatus): void {
    if (!this.active) return;
    this.state = s.state;
    this.start = Math.min(this.start, s.created_at);
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.active) this.out.write('\r\x1b[2K');
  }

  private draw(): void {
    const w = this.width;
    const pos = this.frame++ % (2 * (w - 4));
    const at = pos < w - 4 ? pos : 2 * (w - 4) - pos;
    const bar = this.state === 'queued' ? ' '.repeat(w) : `${' '.repeat(at)}====${' '.repeat(w - 4 - at)}`;
    const secs = ((Date.now() - this.start) / 1000).toFixed(1);
    this.out.write(`\r\x1b[2K[${bar}] ${this.state} ${secs} s`);
  }
}
