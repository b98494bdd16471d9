/**
 * scikit-learn's tree random stream, so that a DecisionTreeClassifier with `seed: s` visits
 * features (and draws random thresholds) in the order scikit-learn 1.2 does with
 * `random_state=s`: equally good splits are then broken the same way.
 *
 * - The splitter's state is `np.random.RandomState(s).randint(0, RAND_R_MAX)`: the first MT19937
 *   output (numpy's legacy integer seeding) masked to 31 bits, redrawn while above the bound.
 * - Draws are scikit-learn's `our_rand_r` (a 32-bit xorshift 13/17/5, reduced mod 2^31):
 *   `rand_int(lo, hi) = lo + r % (hi - lo)`, `rand_uniform(lo, hi) = (hi - lo) * r / RAND_R_MAX + lo`.
 */

export const RAND_R_MAX = 0x7fffffff;

/** numpy's legacy `RandomState(seed)` (MT19937, integer seeding) and its masked-rejection `randint`. */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private pos = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] as number;
      const x = (prev ^ (prev >>> 30)) >>> 0;
      // 1812433253 * x + i, modulo 2^32 (split multiply keeps it exact)
      mt[i] = (((((x & 0xffff0000) >>> 16) * 1812433253) << 16) + (x & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  /** Next tempered MT19937 output (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.pos >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[(k + 1) % 624] as number) & 0x7fffffff);
        let v = (mt[(k + 397) % 624] as number) ^ (y >>> 1);
        if (y & 1) v ^= 0x9908b0df;
        mt[k] = v >>> 0;
      }
      this.pos = 0;
    }
    let y = mt[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `randint(0, high)` for 1 <= high <= 2^32: 32-bit draws masked to the bound's bit width, rejected above it. */
  randint(high: number): number {
    const rng = high - 1;
    if (rng === 0) return 0;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0;
      if (v <= rng) return v;
    }
  }
}

/** First value of numpy's `RandomState(seed).randint(0, RAND_R_MAX)` (seed an unsigned 32-bit integer). */
export function numpyRandRState(seed: number): number {
  return new NumpyRandomState(seed).randint(RAND_R_MAX);
}

/** scikit-learn's `our_rand_r` stream. */
export class RandR {
  private state: number;

  constructor(state: number) {
    this.state = state | 0;
  }

  /** our_rand_r: xorshift, then mod 2^31. */
  next(): number {
    // int32 arithmetic throughout (the same bits as uint32): `& 0x7fffffff` is `% 2^31`
    let s = this.state | 0;
    if (s === 0) s = 1;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s;
    return s & 0x7fffffff;
  }

  /** rand_int: uniform integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + ((this.next() % (hi - lo)) | 0);
  }

  /** rand_uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return ((hi - lo) * this.next()) / RAND_R_MAX + lo;
  }
}
