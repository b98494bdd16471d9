/**
 * "Did you mean" for the CLI: the closest names to a mistyped model, dataset or parameter
 * (case-insensitive, snake_case read as camelCase, then edit distance), and scikit-learn's
 * snake_case parameter names as aliases of ours (`n_estimators` -> `nEstimators`).
 */

/** `n_estimators` -> `nEstimators`; names without `_` are returned as they are. */
export function snakeToCamel(name: string): string {
  return name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

const fold = (s: string) =>
  snakeToCamel(s)
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `input`, best first: an exact match after folding case, `_`, `-` and
 * spaces wins alone; otherwise every candidate within an edit distance of about a third of its
 * length (at least 2), or one that starts with / contains the folded input.
 */
export function suggest(input: string, candidates: readonly string[]): string[] {
  const f = fold(input);
  if (f === '') return [];
  const exact = candidates.filter((c) => fold(c) === f);
  if (exact.length) return exact;
  const scored = candidates
    .map((c) => {
      const fc = fold(c);
      const d = editDistance(f, fc);
      const near = d <= Math.max(2, Math.floor(fc.length / 3));
      const part = f.length >= 3 && (fc.startsWith(f) || fc.includes(f) || f.includes(fc));
      return { c, d: part ? Math.min(d, 1) : d, ok: near || part };
    })
    .filter((x) => x.ok)
    .sort((a, b) => a.d - b.d);
  return scored.map((x) => x.c);
}

/** ` (did you mean 'X'?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const s = suggest(input, candidates).slice(0, 3);
  if (s.length === 0) return '';
  return ` (did you mean ${s.map((x) => `'${x}'`).join(' or ')}?)`;
}

/**
 * The spec name a user's parameter name stands for: itself when known, else its camelCase form
 * (`n_estimators` -> `nEstimators`) when that is known, else null.
 */
export function resolveAlias(name: string, known: readonly string[]): string | null {
  if (known.includes(name)) return name;
  const camel = snakeToCamel(name);
  if (known.includes(camel)) return camel;
  const lower = known.find((k) => k.toLowerCase() === camel.toLowerCase());
  return lower ?? null;
}
