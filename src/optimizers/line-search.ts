/**
 * Moré-Thuente line search (MINPACK-2 `dcsrch` / `dcstep`, the one inside L-BFGS-B): finds a step
 * satisfying the strong Wolfe conditions
 *   f(stp) <= f(0) + ftol * stp * f'(0)   and   |f'(stp)| <= gtol * |f'(0)|
 * by safeguarded cubic / quadratic interpolation inside a bracketing interval.
 */

export interface LinePoint {
  readonly f: number;
  /** Directional derivative f'(stp) = g(x + stp d) · d. */
  readonly gd: number;
}

export interface LineSearchOptions {
  /** Sufficient-decrease constant (default 1e-3, as L-BFGS-B). */
  readonly ftol?: number;
  /** Curvature constant (default 0.9). */
  readonly gtol?: number;
  /** Relative interval width tolerance (default 0.1). */
  readonly xtol?: number;
  readonly stpmin?: number;
  readonly stpmax?: number;
  /** Function evaluations allowed (default 20). */
  readonly maxEvals?: number;
}

export interface LineSearchResult {
  /** The step of the last evaluated point (the one the caller's buffers hold). */
  readonly stp: number;
  readonly f: number;
  readonly gd: number;
  readonly evaluations: number;
  /** 'converged': strong Wolfe holds; 'warning': interval/rounding limits hit; 'maxEvals': ran out. */
  readonly status: 'converged' | 'warning' | 'maxEvals';
}

/**
 * `phi(stp)` must evaluate the objective at x + stp * d (and leave that point's value / gradient in
 * the caller's buffers). `f0` and `gd0 < 0` describe stp = 0.
 */
export async function moreThuente(
  phi: (stp: number) => Promise<LinePoint>,
  f0: number,
  gd0: number,
  stpInit: number,
  options: LineSearchOptions = {},
): Promise<LineSearchResult> {
  const ftol = options.ftol ?? 1e-3;
  const gtol = options.gtol ?? 0.9;
  const xtol = options.xtol ?? 0.1;
  const stpmin = options.stpmin ?? 0;
  const stpmax = options.stpmax ?? 1e10;
  const maxEvals = options.maxEvals ?? 20;
  const xtrapl = 1.1;
  const xtrapu = 4.0;

  let stp = Math.min(Math.max(stpInit, stpmin), stpmax);
  const s: StepState = { stx: 0, fx: f0, gx: gd0, sty: 0, fy: f0, gy: gd0, brackt: false };
  let stage = 1;
  const gtest = ftol * gd0;
  let width = stpmax - stpmin;
  let width1 = width / 0.5;
  let stmin = 0;
  let stmax = stp + xtrapu * stp;
  let evals = 0;
  let last: LinePoint = { f: f0, gd: gd0 };
  let evaluatedAt = 0;

  while (evals < maxEvals) {
    let p = await phi(stp);
    evals++;
    // A non-finite value (overflow) cannot be interpolated: shrink towards the best point.
    while (!Number.isFinite(p.f) || !Number.isFinite(p.gd)) {
      if (evals >= maxEvals) return { stp, f: p.f, gd: p.gd, evaluations: evals, status: 'maxEvals' };
      stp = s.stx + 0.5 * (stp - s.stx);
      s.brackt = true;
      stmin = Math.min(s.stx, stp);
      stmax = Math.max(s.stx, stp * 2);
      p = await phi(stp);
      evals++;
    }
    last = p;
    evaluatedAt = stp;
    const f = p.f;
    const g = p.gd;
    const ftest = f0 + stp * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;

    // warnings: rounding errors, interval too small, step at a bound
    if (s.brackt && (stp <= stmin || stp >= stmax)) return result(stp, last, evals, 'warning');
    if (s.brackt && stmax - stmin <= xtol * stmax) return result(stp, last, evals, 'warning');
    if (stp === stpmax && f <= ftest && g <= gtest) return result(stp, last, evals, 'warning');
    if (stp === stpmin && (f > ftest || g >= gtest)) return result(stp, last, evals, 'warning');
    // strong Wolfe
    if (f <= ftest && Math.abs(g) <= gtol * -gd0) return result(stp, last, evals, 'converged');

    if (stage === 1 && f <= s.fx && f > ftest) {
      // modified function psi(stp) = f(stp) - f(0) - ftol stp f'(0) while no decrease yet
      const m: StepState = {
        stx: s.stx,
        fx: s.fx - s.stx * gtest,
        gx: s.gx - gtest,
        sty: s.sty,
        fy: s.fy - s.sty * gtest,
        gy: s.gy - gtest,
        brackt: s.brackt,
      };
      stp = dcstep(m, stp, f - stp * gtest, g - gtest, stmin, stmax);
      s.stx = m.stx;
      s.sty = m.sty;
      s.brackt = m.brackt;
      s.fx = m.fx + m.stx * gtest;
      s.fy = m.fy + m.sty * gtest;
      s.gx = m.gx + gtest;
      s.gy = m.gy + gtest;
    } else {
      stp = dcstep(s, stp, f, g, stmin, stmax);
    }

    if (s.brackt) {
      if (Math.abs(s.sty - s.stx) >= 0.66 * width1) stp = s.stx + 0.5 * (s.sty - s.stx);
      width1 = width;
      width = Math.abs(s.sty - s.stx);
      stmin = Math.min(s.stx, s.sty);
      stmax = Math.max(s.stx, s.sty);
    } else {
      stmin = stp + xtrapl * (stp - s.stx);
      stmax = stp + xtrapu * (stp - s.stx);
    }
    stp = Math.min(Math.max(stp, stpmin), stpmax);
    if ((s.brackt && (stp <= stmin || stp >= stmax)) || (s.brackt && stmax - stmin <= xtol * stmax))
      stp = s.stx;
  }
  return result(evaluatedAt, last, evals, 'maxEvals');
}

function result(
  stp: number,
  p: LinePoint,
  evaluations: number,
  status: LineSearchResult['status'],
): LineSearchResult {
  return { stp, f: p.f, gd: p.gd, evaluations, status };
}

interface StepState {
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  brackt: boolean;
}

/** One safeguarded step (MINPACK-2 dcstep); updates the interval in `s`, returns the new trial step. */
function dcstep(s: StepState, stp: number, fp: number, dp: number, stpmin: number, stpmax: number): number {
  const { stx, fx, gx: dx, sty, fy, gy: dy } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (s.brackt) {
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dy / sc) * (dp / sc));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }

  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.gy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.gy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.gx = dp;
  }
  return stpf;
}
