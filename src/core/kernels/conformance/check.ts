/**
 * Runs conformance cases on a device's kernels and on the reference, and reports every output that
 * disagrees beyond the tolerance of the device's precision. Used by the conformance suite and by
 * the test that proves a broken kernel is caught.
 */
import type { Kernels } from '../index.js';
import type { KernelCase, KernelOutput } from './types.js';

export interface KernelMismatch {
  readonly kernel: string;
  readonly case: string;
  readonly detail: string;
}

function asArray(o: KernelOutput): ArrayLike<number> {
  return typeof o === 'number' ? [o] : o;
}

function compare(
  c: KernelCase,
  precision: 'float64' | 'float32',
  got: KernelOutput,
  want: KernelOutput,
  which: number,
): string | null {
  const g = asArray(got);
  const w = asArray(want);
  if (g.length !== w.length) return `output ${which}: length ${g.length}, reference ${w.length}`;
  const tol = c.tolerance?.[precision] ?? (precision === 'float64' ? 1e-12 : 1e-4);
  let bad = 0;
  let first = '';
  for (let i = 0; i < g.length; i++) {
    const a = g[i] as number;
    const b = w[i] as number;
    const ok = c.exact
      ? a === b
      : Number.isNaN(b)
        ? Number.isNaN(a)
        : a === b || Math.abs(a - b) <= tol * (1 + Math.abs(b));
    if (!ok) {
      if (!bad) first = `[${i}] ${a} vs reference ${b}`;
      bad++;
    }
  }
  return bad ? `output ${which}: ${bad} of ${g.length} values differ, first ${first}` : null;
}

/** Every mismatch of `device` against `reference` over the cases (empty when the device conforms). */
export async function checkKernels(
  device: Kernels,
  reference: Kernels,
  cases: readonly KernelCase[],
): Promise<KernelMismatch[]> {
  const out: KernelMismatch[] = [];
  for (const c of cases) {
    let got: readonly KernelOutput[];
    try {
      got = await c.run(device);
    } catch (e) {
      out.push({
        kernel: c.kernel,
        case: c.name,
        detail: `threw ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    const want = await c.run(reference);
    if (got.length !== want.length) {
      out.push({ kernel: c.kernel, case: c.name, detail: `${got.length} outputs, reference ${want.length}` });
      continue;
    }
    for (let i = 0; i < got.length; i++) {
      const d = compare(c, device.precision, got[i] as KernelOutput, want[i] as KernelOutput, i);
      if (d) out.push({ kernel: c.kernel, case: c.name, detail: d });
    }
  }
  return out;
}
