/**
 * Random split search (scikit-learn's RandomSplitter, `splitter: 'random'`): at a node, each drawn
 * feature gets one threshold drawn uniformly between its smallest and largest (float32) value in
 * the node (the largest itself is replaced by the smallest); the feature whose threshold gives the
 * best impurity improvement wins. Features whose node range is within FEATURE_THRESHOLD are
 * constant and not counted. Seeded: the same seed grows the same tree.
 */
import type { RankedFeatures } from './binning.js';
import { FEATURE_THRESHOLD } from './exact-splitter.js';
import type { FeatureSampler, SplitResult, Splitter, TreeGrowParams } from './grow.js';
import { skProxy } from './sk-criterion.js';
import type { RandR } from './sk-random.js';

export class RandomSplitter implements Splitter {
  private readonly n: number;
  private readonly K: number;
  private readonly left: Float64Array;
  private bestThreshold = 0;

  constructor(
    private readonly ranked: RankedFeatures,
    private readonly idx: Int32Array,
    private readonly ys: Int32Array,
    private readonly ws: Float64Array,
    nClasses: number,
    private readonly params: TreeGrowParams,
    private readonly sampler: FeatureSampler,
    /** The stream that also draws the features (thresholds come from it, as in scikit-learn). */
    private readonly rand: RandR,
  ) {
    this.n = ranked.n;
    this.K = nClasses;
    this.left = new Float64Array(nClasses);
  }

  findSplit(s: number, e: number, counts: Float64Array, n: number, _hist: number, out: SplitResult): boolean {
    const { ranks, values, offsets } = this.ranked;
    const { idx, ys, ws, K, left } = this;
    const m = e - s;
    const minLeaf = this.params.minSamplesLeaf;
    const minWeight = this.params.minWeightLeaf;
    const entropy = this.params.criterion === 'entropy';
    const sampler = this.sampler;
    let best = -Infinity;
    let found = false;
    sampler.begin();
    for (;;) {
      const f = sampler.next();
      if (f < 0) break;
      const col = f * this.n;
      const base = offsets[f] as number;
      let lo = Number.POSITIVE_INFINITY;
      let hi = -1;
      for (let j = s; j < e; j++) {
        const r = ranks[col + (idx[j] as number)] as number;
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
      const vMin = values[base + lo] as number;
      const vMax = values[base + hi] as number;
      if (vMax <= vMin + FEATURE_THRESHOLD) {
        sampler.constant();
        continue;
      }
      sampler.used();
      let threshold = this.rand.uniform(vMin, vMax);
      if (threshold === vMax) threshold = vMin;
      left.fill(0);
      let rowsL = 0;
      let nL = 0;
      for (let j = s; j < e; j++) {
        if ((values[base + (ranks[col + (idx[j] as number)] as number)] as number) <= threshold) {
          const w = ws[j] as number;
          left[ys[j] as number] += w;
          nL += w;
          rowsL++;
        }
      }
      if (rowsL < minLeaf || m - rowsL < minLeaf) continue;
      const nR = n - nL;
      if (nL < minWeight || nR < minWeight) continue;
      const proxy = skProxy(entropy, left, counts, K, nL, nR);
      if (proxy > best) {
        best = proxy;
        found = true;
        out.feature = f;
        out.threshold = threshold;
        out.nLeft = nL;
        for (let k = 0; k < K; k++) out.countsLeft[k] = left[k] as number;
        this.bestThreshold = threshold;
      }
    }
    sampler.end();
    return found;
  }

  partition(s: number, e: number, split: SplitResult): number {
    const col = split.feature * this.n;
    const base = this.ranked.offsets[split.feature] as number;
    const thr = this.bestThreshold;
    const { idx, ys, ws } = this;
    const { ranks, values } = this.ranked;
    let i = s;
    let j = e - 1;
    while (i <= j) {
      if ((values[base + (ranks[col + (idx[i] as number)] as number)] as number) <= thr) i++;
      else {
        const ti = idx[i] as number;
        idx[i] = idx[j] as number;
        idx[j] = ti;
        const ty = ys[i] as number;
        ys[i] = ys[j] as number;
        ys[j] = ty;
        const tw = ws[i] as number;
        ws[i] = ws[j] as number;
        ws[j] = tw;
        j--;
      }
    }
    return i;
  }

  childHistograms(): [number, number] {
    return [-1, -1];
  }

  release(): void {}
}
