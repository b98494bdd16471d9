import { describe, expect, it } from 'vitest';
import { runEvaluateJob, runTrainJob, type TrainJob } from '../services/jobs.js';
import { JobError } from '../services/runner.js';
import { ThreadJobRunner } from './job-queue.js';
import { loadRegistry } from './roles.js';

const learning = { loss: 'gini', learningAlgorithm: 'cart', params: {} };
const dataset = { name: 'iris', task: 'classification', splitTest: 0.25, splitSeed: 2 };
const tree = { name: 'DecisionTreeClassifier', task: 'classification' };

describe('ThreadJobRunner', () => {
  it('runs jobs in one long-lived thread with the same results as in-process, and reports failures typed', async () => {
    const registry = await loadRegistry();
    const runner = new ThreadJobRunner();
    try {
      const jobs: TrainJob[] = [1, 2, 3].map((d) => ({
        kind: 'train',
        dataset,
        model: { ...tree, params: { maxDepth: d } },
        learning,
      }));
      // concurrent submissions queue up in the one thread
      const viaThread = await Promise.all(jobs.map((j) => runner.train(j)));
      for (let i = 0; i < jobs.length; i++)
        expect(viaThread[i]?.checkpoint).toBe((await runTrainJob(registry, jobs[i] as TrainJob)).checkpoint);
      const evalJob = {
        kind: 'evaluate' as const,
        dataset,
        model: tree,
        checkpoint: viaThread[2]!.checkpoint,
      };
      expect(await runner.evaluate(evalJob)).toEqual(await runEvaluateJob(registry, evalJob));

      const bad = runner.train({
        kind: 'train',
        dataset,
        model: { ...tree, params: { maxDepth: -4 } },
        learning,
      });
      await expect(bad).rejects.toBeInstanceOf(JobError);
      await expect(bad).rejects.toThrow(/^ParamError: /);
      // the thread survives a failed job
      expect((await runner.train(jobs[0] as TrainJob)).checkpoint).toBe(viaThread[0]?.checkpoint);
    } finally {
      await runner.close();
    }
  });
});
