import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../models/base.js';
import { throttleProgress } from '../services/jobs.js';

describe('throttleProgress', () => {
  it('passes at most one report per interval, always the final one, none without a fraction', () => {
    let now = 0;
    const got: TrainingEvent[] = [];
    const log = throttleProgress(
      (e) => got.push(e),
      100,
      () => now,
    );
    for (let i = 1; i <= 1000; i++) {
      now = i; // 1 ms per report: 1 s in all
      log({ iteration: i, fraction: i / 1000 });
      log({ iteration: i, message: 'no fraction' });
    }
    expect(got.every((e) => e.fraction !== undefined)).toBe(true);
    expect(got[0]!.iteration).toBe(1);
    expect(got.at(-1)!.fraction).toBe(1);
    // leading report at t=1, then one per 100 ms, plus the final one: <= 10/s + 1
    expect(got.length).toBeLessThanOrEqual(12);
    expect(got.length).toBeGreaterThanOrEqual(10);
    for (let i = 2; i < got.length - 1; i++) {
      expect(got[i]!.iteration - got[i - 1]!.iteration).toBeGreaterThanOrEqual(100);
    }
  });
});
