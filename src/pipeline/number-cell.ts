/**
 * Strict numeric cells. `Number()` alone accepts '', ' ', '0x1f', 'Infinity' and more; a feature
 * cell here must be a plain decimal (optional sign, digits with an optional '.', optional exponent,
 * surrounding spaces allowed) whose value is finite.
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The value of a plain decimal cell, or NaN when the text is not one. Overflow gives +-Infinity.
 *
 * @example
 * ```ts
 * import { parseDecimal } from 'autolearn';
 *
 * console.log(parseDecimal(' 3.25 '), parseDecimal('1e-3'), parseDecimal('abc')); // 3.25 0.001 NaN
 * ```
 */
export function parseDecimal(s: string): number {
  let i = 0;
  let end = s.length;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  if (i === end) return Number.NaN;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < end && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < end && s.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    c = s.charCodeAt(i);
    if (c !== 101 && c !== 69) return Number.NaN;
    i++;
    if (i < end) {
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) i++;
    }
    let expDigits = 0;
    while (i < end && isDigit(s.charCodeAt(i))) {
      i++;
      expDigits++;
    }
    if (expDigits === 0 || i !== end) return Number.NaN;
  }
  return +s;
}

/** Why a cell is not a usable number (for error messages); null when it is one. */
export function describeBadNumber(s: string): string | null {
  const t = s.trim();
  if (t === '') return 'empty cell (missing value)';
  const v = parseDecimal(s);
  if (Number.isFinite(v)) return null;
  const lower = t.toLowerCase().replace(/^[+-]/, '');
  if (lower === 'nan') return `NaN is not allowed (cell ${JSON.stringify(s)})`;
  if (lower === 'inf' || lower === 'infinity') return `Infinity is not allowed (cell ${JSON.stringify(s)})`;
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
    return `Infinity is not allowed (cell ${JSON.stringify(s)} overflows a float64)`;
  }
  return `non-numeric cell ${JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s)}`;
}
