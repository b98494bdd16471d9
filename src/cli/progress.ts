/**
 * A training progress line on stderr, only when stderr is a TTY, redrawn a few times a second: a
 * determinate bar with the percentage done once the fit reports its progress (every built-in model
 * does), an indeterminate one before that, with the job state and the elapsed time.
 */
import type { JobProgress, JobStatus } from '../server/job-manager.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

export class ProgressBar {
  private timer: NodeJS.Timeout | null = null;
  private state = 'queued';
  private start = Date.now();
  private frame = 0;
  private fraction: number | null = null;

  constructor(
    private readonly out: ProgressStream,
    private readonly width = 24,
  ) {}

  get active(): boolean {
    return this.out.isTTY === true;
  }

  /** A job state change (a status carrying `progress` also sets the fraction done). */
  update(s: JobStatus): void {
    if (!this.active) return;
    this.state = s.state;
    this.start = Math.min(this.start, s.created_at);
    if (s.progress) this.setFraction(s.progress.fraction);
    this.ensureTimer();
    this.draw();
  }

  /** A progress report of the fit: the bar becomes determinate. */
  progress(p: Pick<JobProgress, 'fraction'>): void {
    if (!this.active) return;
    this.setFraction(p.fraction);
    if (this.state === 'queued') this.state = 'running';
    this.ensureTimer();
    this.draw();
  }

  /** A named step of a local run (`loading CSV`, `training`, ...): the bar restarts, indeterminate. */
  phase(name: string): void {
    if (!this.active) return;
    this.state = name;
    this.fraction = null;
    this.ensureTimer();
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.active) this.out.write('\r\x1b[2K');
  }

  private setFraction(f: number): void {
    if (!Number.isFinite(f)) return;
    this.fraction = Math.max(this.fraction ?? 0, Math.min(1, Math.max(0, f)));
  }

  private ensureTimer(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
  }

  private draw(): void {
    const w = this.width;
    const secs = ((Date.now() - this.start) / 1000).toFixed(1);
    if (this.fraction !== null && this.state !== 'queued') {
      const filled = Math.round(this.fraction * w);
      const bar = '='.repeat(filled) + ' '.repeat(w - filled);
      const pct = `${Math.floor(this.fraction * 100)}%`.padStart(4);
      this.out.write(`\r\x1b[2K[${bar}] ${pct} ${this.state} ${secs} s`);
      return;
    }
    const pos = this.frame++ % (2 * (w - 4));
    const at = pos < w - 4 ? pos : 2 * (w - 4) - pos;
    const bar = this.state === 'queued' ? ' '.repeat(w) : `${' '.repeat(at)}====${' '.repeat(w - 4 - at)}`;
    this.out.write(`\r\x1b[2K[${bar}] ${this.state} ${secs} s`);
  }
}
