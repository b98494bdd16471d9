/**
 * Exact split search (scikit-learn's BestSplitter): at a node, each examined feature's samples
 * are sorted by value and every boundary between distinct values is a candidate, with the
 * threshold midway between the two values. Sorting uses precomputed dense ranks packed with the
 * sample position into one float key, so the native typed-array sort does the work.
 *
 * As in scikit-learn, two consecutive values within FEATURE_THRESHOLD (1e-7) are not split apart,
 * a feature whose node range is within it counts as constant, a child must keep minSamplesLeaf rows
 * (entries) and minWeightLeaf weight.
 */
import { midpoint, type RankedFeatures } from './binning.js';
import type { FeatureSampler, SplitResult, Splitter, TreeGrowParams } from './grow.js';
import { entropyProxy, giniProxy } from './sk-criterion.js';

/** scikit-learn's FEATURE_THRESHOLD: values closer than this are treated as equal. */
export const FEATURE_THRESHOLD = 1e-7;

export class ExactSplitter implements Splitter {
  private readonly n: number;
  private readonly d: number;
  private readonly K: number;
  /** Sort keys when they fit int32 (every node of up to 46340 rows); float64 ones otherwise, made on demand. */
  private readonly keys32: Int32Array;
  private keys64: Float64Array | null = null;
  private readonly left: Float64Array;
  private bestRank = 0;
  private readonly entropy: boolean;
  private readonly minLeaf: number;
  private readonly minWeight: number;

  constructor(
    private readonly ranked: RankedFeatures,
    private readonly idx: Int32Array,
    private readonly ys: Int32Array,
    private readonly ws: Float64Array,
    nClasses: number,
    params: TreeGrowParams,
    private readonly sampler: FeatureSampler,
  ) {
    this.n = ranked.n;
    this.d = ranked.d;
    this.K = nClasses;
    this.keys32 = new Int32Array(idx.length);
    this.left = new Float64Array(nClasses);
    this.entropy = params.criterion === 'entropy';
    // copied: the params object's shape varies between callers, this class's does not
    this.minLeaf = params.minSamplesLeaf;
    this.minWeight = params.minWeightLeaf;
  }

  findSplit(s: number, e: number, counts: Float64Array, n: number, _hist: number, out: SplitResult): boolean {
    const { ranks, values, offsets } = this.ranked;
    const m = e - s;
    const keys32 = this.keys32.subarray(0, m);
    let best = -Infinity;
    const sampler = this.sampler;
    sampler.begin();
    for (;;) {
      const f = sampler.next();
      if (f < 0) break;
      // rank * m + j < distinct values * m: int32 keys (sorted faster) when that fits
      const keys =
        ((offsets[f + 1] as number) - (offsets[f] as number)) * m <= 0x7fffffff ? keys32 : this.wideKeys(m);
      fillKeys(keys, ranks, f * this.n, this.idx, s, m);
      keys.sort();
      const first = Math.floor((keys[0] as number) / m);
      const last = Math.floor((keys[m - 1] as number) / m);
      const base = offsets[f] as number;
      // constant in this node
      if ((values[base + last] as number) <= (values[base + first] as number) + FEATURE_THRESHOLD) {
        sampler.constant();
        continue;
      }
      sampler.used();
      best = this.scan(f, keys, s, base, counts, n, best, out);
    }
    sampler.end();
    return best !== -Infinity;
  }

  private wideKeys(m: number): Float64Array {
    this.keys64 ??= new Float64Array(this.keys32.length);
    return this.keys64.subarray(0, m);
  }

  /**
   * The candidate thresholds of feature f (its node entries sorted in `keys`) in ascending order;
   * a split better than `best` is written to `out`. Returns the best proxy so far. (Its own
   * function: V8 optimizes it after a few calls, instead of running the node's whole search
   * interpreted until an on-stack replacement.)
   */
  private scan(
    f: number,
    keys: Int32Array | Float64Array,
    s: number,
    base: number,
    counts: Float64Array,
    n: number,
    best: number,
    out: SplitResult,
  ): number {
    const { ys, ws, K, left, entropy, minLeaf, minWeight } = this;
    const values = this.ranked.values;
    const m = keys.length;
    left.fill(0);
    let nL = 0;
    for (let j = 0; j < m - 1; j++) {
      const key = keys[j] as number;
      const r = Math.floor(key / m);
      const w = ws[s + (key - r * m)] as number;
      left[ys[s + (key - r * m)] as number] += w;
      nL += w;
      const rNext = Math.floor((keys[j + 1] as number) / m);
      if (rNext === r) continue;
      if ((values[base + rNext] as number) <= (values[base + r] as number) + FEATURE_THRESHOLD) continue;
      if (j + 1 < minLeaf) continue;
      if (m - j - 1 < minLeaf) break;
      const nR = n - nL;
      if (nL < minWeight) continue;
      if (nR < minWeight) break;
      const proxy = entropy ? entropyProxy(left, counts, K, nL, nR) : giniProxy(left, counts, K, nL, nR);
      if (proxy > best) {
        best = proxy;
        out.feature = f;
        out.threshold = midpoint(values[base + r] as number, values[base + rNext] as number);
        out.nLeft = nL;
        for (let k = 0; k < K; k++) out.countsLeft[k] = left[k] as number;
        this.bestRank = r;
      }
    }
    return best;
  }

  partition(s: number, e: number, split: SplitResult): number {
    const col = split.feature * this.n;
    const cut = this.bestRank;
    const { idx, ys, ws } = this;
    const ranks = this.ranked.ranks;
    let i = s;
    let j = e - 1;
    while (i <= j) {
      if ((ranks[col + (idx[i] as number)] as number) <= cut) i++;
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

/** keys[j] = rank of entry s + j in the feature's column * m + j (sorting them sorts by rank, ties by position). */
function fillKeys(
  keys: Int32Array | Float64Array,
  ranks: Int32Array,
  col: number,
  idx: Int32Array,
  s: number,
  m: number,
): void {
  for (let j = 0; j < m; j++) keys[j] = (ranks[col + (idx[s + j] as number)] as number) * m + j;
}
