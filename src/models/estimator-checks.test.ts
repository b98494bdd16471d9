/**
 * scikit-learn's classifier checks (sklearn/utils/estimator_checks.py, 1.2.1), ported: each `it`
 * names the check it ports, on the data that check builds (src/models/test-utils/fixtures/gen_estimator_checks.py
 * makes it with the same scikit-learn calls). They run on every model and on every device that model
 * supports and this machine has (availableDevices()).
 *
 * Deliberate departures from scikit-learn (each test says so where it applies):
 * - check_supervised_y_2d: a column-vector y is accepted without a DataConversionWarning (the
 *   library writes nothing to the console); predictions equal those of the 1-D y, as required.
 * - check_dtype_object: a numeric *string* cell ('3') is refused (scikit-learn converts it); every
 *   cell must be a number, and null / '' / undefined cells are DataErrors naming row and column.
 * - check_estimators_dtypes: X as a Matrix over Float32Array / Int32Array is copied to float64.
 * - check_classifiers_train: SVC(probability: true) is only required to agree with argmax(predictProba)
 *   on most rows (scikit-learn does not run that assertion on SVC, whose probability is off by default).
 * - check_sample_weights_invariance(kind='zeros'): scikit-learn marks it xfail for SVC and LinearSVC
 *   ("zero sample_weight is not equivalent to removing samples"); here both pass it (SVC drops
 *   weight-0 samples as libsvm does; its Platt probabilities, fitted by a shuffled internal CV, are
 *   left out of the comparison). Trees and forests pass it on this data whether or not they read
 *   ctx.sampleWeight (their leaves are pure either way); h-trees' own tests cover weighted trees.
 * - check_class_weight_balanced_classifiers (which scikit-learn 1.2.1 defines but never runs) compares
 *   macro F1, not weighted F1: on an imbalanced problem weighted F1 is dominated by the majority
 *   class, and scikit-learn's own LogisticRegression and LinearSVC fail it on this very data
 *   (0.864 -> 0.805 / 0.814, the same values as ours).
 * - Float32 devices (wasm, tfjs-cpu, webgpu) compare values with a float32 tolerance instead of
 *   scikit-learn's float64 one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceName } from '../core/backend.js';
import type { Label } from '../core/data.js';
import { availableDeviceNames, availableDevices } from '../core/devices.js';
import { DataError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { DecisionValues } from './base.js';
import { invalidValues, show } from './test-utils/bad-params.js';
import { type AnyClassifier, type ClassifierCtor, ESTIMATORS } from './test-utils/estimators.js';

interface Split {
  Xtrain: number[][];
  Xtest: number[][];
  yTrain: number[];
  yTest: number[];
}
const fx = JSON.parse(
  readFileSync(new URL('./test-utils/fixtures/estimator-checks.json', import.meta.url), 'utf8'),
) as {
  train: { X: number[][]; y: number[] };
  regression: { X: number[][]; y: number[] };
  classWeight2: Split;
  classWeight3: Split;
  imbalanced: Split;
  decisionProba: { X: number[][]; y: number[]; Xtest: number[][] };
  oneFeature: { X: number[][]; y: number[] };
  oneSample: { X: number[][]; y: number[] };
  fit1d: { X: number[]; y: number[] };
  uniform3: { X: number[][]; y: number[] };
  dictBlobs: { X: number[][]; y: number[] };
  idempotent: { X: number[][]; y: number[] };
};

const loaded = await Promise.all(ESTIMATORS.map(async (e) => ({ ...e, Ctor: await e.load() })));
const available = new Set<DeviceName>(availableDeviceNames());
const precisionOf = (d: DeviceName) => availableDevices().find((x) => x.name === d)?.precision;

interface Methods {
  predict: (X: number[][]) => Promise<Label[]>;
  proba?: (X: number[][]) => Promise<Matrix>;
  logProba?: (X: number[][]) => Promise<Matrix>;
  decision?: (X: number[][]) => Promise<DecisionValues>;
}

function methodsOf(m: AnyClassifier): Methods {
  const dec = (m as unknown as { decisionFunction?: (X: number[][]) => Promise<DecisionValues> })
    .decisionFunction;
  const noProba = m.name === 'SVC' && !(m.getParams() as { probability: boolean }).probability;
  return {
    predict: (X) => m.predict(X),
    ...(noProba
      ? {}
      : { proba: (X: number[][]) => m.predictProba(X), logProba: (X: number[][]) => m.predictLogProba(X) }),
    ...(dec ? { decision: (X: number[][]) => dec.call(m, X) } : {}),
  };
}

function flat(v: Label[] | Matrix | DecisionValues): number[] | Label[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Float64Array) return Array.from(v);
  return Array.from(v.data);
}

function expectClose(
  a: readonly (number | Label)[],
  b: readonly (number | Label)[],
  atol: number,
  what: string,
): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x === y) continue; // also -Infinity === -Infinity
      expect(Math.abs(x - y), `${what}[${i}]: ${x} vs ${y}`).toBeLessThanOrEqual(atol + 1e-7 * Math.abs(y));
    } else expect(x, `${what}[${i}]`).toBe(y);
  }
}

function argmaxRows(p: Matrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.rows; i++) {
    let best = 0;
    for (let j = 1; j < p.cols; j++) if (p.data[i * p.cols + j]! > p.data[i * p.cols + best]!) best = j;
    out.push(best);
  }
  return out;
}

/** scipy.stats.rankdata (average ranks for ties). */
function rankdata(v: readonly number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Array<number>(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function f1Macro(yTrue: readonly Label[], yPred: readonly Label[]): number {
  const labels = [...new Set(yTrue)];
  let total = 0;
  for (const c of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < yTrue.length; i++) {
      if (yPred[i] === c && yTrue[i] === c) tp++;
      else if (yPred[i] === c) fp++;
      else if (yTrue[i] === c) fn++;
    }
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    total += f1;
  }
  return total / labels.length;
}

async function rejectsData(p: Promise<unknown>, match?: RegExp): Promise<void> {
  const err = await p.then(
    () => new Error('expected a DataError, the call succeeded'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  if (match) expect((err as Error).message).toMatch(match);
}

function snapshot(m: AnyClassifier): string {
  return JSON.stringify({
    ck: m.isFitted ? m.saveCheckpoint() : null,
    params: m.getParams(),
    classes: m.classes,
    n: m.nFeaturesIn,
    device: m.computeDevice,
  });
}

const take = (X: number[][], idx: readonly number[]): number[][] => idx.map((i) => X[i]!);

for (const entry of loaded) {
  const Ctor: ClassifierCtor = entry.Ctor;
  const specs = new Ctor().paramSpecs;
  const hasClassWeight = specs.some((s) => s.name === 'classWeight');
  const devices = new Ctor().supportedDevices.filter((d) => available.has(d));

  for (const device of devices) {
    const f32 = precisionOf(device) === 'float32';
    const atol = f32 ? 2e-4 : 1e-9;
    const make = (extra: Record<string, unknown> = {}): AnyClassifier =>
      new Ctor({ ...entry.quickParams, ...extra }).setUp({}, device);

    describe(`${entry.family} on ${device}: scikit-learn estimator checks`, () => {
      it('check_classifiers_train (3 classes and binary)', async () => {
        const { X: Xm, y: ym } = fx.train;
        const keep = ym.map((v, i) => (v !== 2 ? i : -1)).filter((i) => i >= 0);
        for (const [X, y] of [
          [Xm, ym],
          [take(Xm, keep), keep.map((i) => ym[i]!)],
        ] as const) {
          const k = new Set(y).size;
          const m = make();
          expect(await m.fit(X, y)).toBe(m);
          const meths = methodsOf(m);
          const pred = await m.predict(X);
          expect(pred).toHaveLength(X.length);
          const acc = pred.filter((p, i) => p === y[i]).length / y.length;
          expect(acc).toBeGreaterThan(0.83);
          const narrow = X.map((r) => r.slice(1));
          await rejectsData(m.predict(narrow));
          if (meths.decision) {
            const d = await meths.decision(X);
            if (k === 2) {
              expect(d).toBeInstanceOf(Float64Array);
              expect(d).toHaveLength(X.length);
              expect(Array.from(d as Float64Array, (v) => m.classes![v > 0 ? 1 : 0])).toEqual(pred);
            } else {
              const dm = d as Matrix;
              expect([dm.rows, dm.cols]).toEqual([X.length, k]);
              expect(argmaxRows(dm).map((c) => m.classes![c])).toEqual(pred);
            }
            await rejectsData(meths.decision(narrow));
          }
          if (meths.proba && meths.logProba) {
            const p = await meths.proba(X);
            expect([p.rows, p.cols]).toEqual([X.length, k]);
            const am = argmaxRows(p).map((c) => m.classes![c]);
            const agree = am.filter((v, i) => v === pred[i]).length / pred.length;
            // departure: SVC(probability: true) predicts from the decision function (as scikit-learn)
            if (m.name === 'SVC') expect(agree).toBeGreaterThan(0.95);
            else expect(am).toEqual(pred);
            for (let i = 0; i < p.rows; i++) {
              let s = 0;
              for (let j = 0; j < p.cols; j++) s += p.data[i * p.cols + j]!;
              expect(Math.abs(s - 1)).toBeLessThan(f32 ? 1e-5 : 1e-9);
            }
            const lp = await meths.logProba(X);
            expectClose(Array.from(lp.data), Array.from(p.data, Math.log), f32 ? 1e-3 : 1e-7, 'log proba');
            await rejectsData(meths.proba(narrow));
            await rejectsData(meths.logProba(narrow));
          }
        }
      });

      it('check_classifiers_classes (string and numeric labels, binary and multi-class)', async () => {
        const { X, y } = fx.train;
        const names = ['one', 'two', 'three'];
        const ys = y.map((v) => names[v]!);
        const keep = y.map((v, i) => (v !== 2 ? i : -1)).filter((i) => i >= 0);
        for (const [Xc, yc] of [
          [X, ys],
          [take(X, keep), keep.map((i) => ys[i]!)],
          [X, y.map((v) => v * 2 - 1)],
        ] as const) {
          const m = await make().fit(Xc, yc as Label[]);
          const classes = [...new Set<Label>(yc)].sort((a, b) =>
            typeof a === 'number' ? a - (b as number) : String(a) < String(b) ? -1 : 1,
          );
          expect(m.classes).toEqual(classes);
          const pred = await m.predict(Xc);
          expect([...new Set(pred)].sort()).toEqual([...classes].sort());
        }
      });

      it('check_classifiers_one_label: a single class is a DataError mentioning the class', async () => {
        const X = fx.uniform3.X.slice(0, 10);
        await rejectsData(make().fit(X, new Array(10).fill(1)), /class/);
      });

      it('check_classifiers_regression_target: a continuous y is refused (Unknown label type)', async () => {
        await rejectsData(make().fit(fx.regression.X, fx.regression.y), /Unknown label type: 'continuous'/);
      });

      it('check_fit2d_1sample: one sample is refused with a message about the class / sample', async () => {
        await rejectsData(make().fit(fx.oneSample.X, fx.oneSample.y), /class|sample/);
      });

      it('check_fit2d_1feature: one feature fits (or fails naming it)', async () => {
        const m = make();
        const ok = await m.fit(fx.oneFeature.X, fx.oneFeature.y).then(
          () => true,
          (e: unknown) => {
            expect((e as Error).message).toMatch(/1 feature/);
            return false;
          },
        );
        if (ok) expect(await m.predict(fx.oneFeature.X)).toHaveLength(10);
      });

      it('check_fit1d: a 1-D X is a DataError that says how to reshape', async () => {
        await rejectsData(make().fit(fx.fit1d.X as never, fx.fit1d.y), /2-D.*\[\[v1\], \[v2\]/);
      });

      it('check_estimators_nan_inf: NaN and +-Infinity in X at fit and at every predict method', async () => {
        const { X, y } = fx.uniform3;
        const fitted = await make().fit(X, y);
        const meths = methodsOf(fitted);
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const Xb = X.map((r, i) => (i === 4 ? [r[0]!, bad, r[2]!] : r));
          await rejectsData(make().fit(Xb, y), /row 4, column 1/);
          for (const fn of [meths.predict, meths.proba, meths.logProba, meths.decision]) {
            if (fn) await rejectsData(fn(Xb));
          }
        }
      });

      it('check_estimators_empty_data: 0 samples or 0 features is a DataError', async () => {
        await rejectsData(make().fit({ rows: 0, cols: 3, data: new Float64Array(0) }, []), /0 samples/);
        await rejectsData(
          make().fit(
            { rows: 12, cols: 0, data: new Float64Array(0) },
            new Array(12).fill(0).map((_, i) => i % 2),
          ),
          /0 features/,
        );
      });

      it('check_estimators_dtypes: float32, float64, int32 and int16 matrices (copied to float64)', async () => {
        const { X } = fx.uniform3;
        const X64 = X.flat();
        const y = X.map((r) => Math.trunc(r[0]!));
        const ref = await make().fit(X, y);
        const refPred = await ref.predict(X);
        const variants: Matrix[] = [
          { rows: 20, cols: 3, data: Float64Array.from(X64) },
          { rows: 20, cols: 3, data: Float32Array.from(X64) as unknown as Float64Array },
          { rows: 20, cols: 3, data: Int32Array.from(X64, Math.trunc) as unknown as Float64Array },
          { rows: 20, cols: 3, data: Int16Array.from(X64, Math.trunc) as unknown as Float64Array },
        ];
        for (const Xv of variants) {
          const m = await make().fit(Xv, y);
          const meths = methodsOf(m);
          expect(await m.predict(Xv)).toHaveLength(20);
          if (meths.proba) expect((await m.predictProba(Xv)).rows).toBe(20);
          if (meths.decision)
            expect(flat(await meths.decision(Xv as never)).length).toBeGreaterThanOrEqual(20);
        }
        const p32 = await make()
          .fit({ rows: 20, cols: 3, data: Float32Array.from(X64) as unknown as Float64Array }, y)
          .then((m) => m.predict(X));
        expect(p32.filter((v, i) => v === refPred[i]).length).toBeGreaterThanOrEqual(19);
      });

      it('check_dtype_object: non-number cells (object, string, null, "") are DataErrors naming the cell', async () => {
        const { X, y } = fx.uniform3;
        const fitted = await make().fit(X, y);
        // departure: scikit-learn converts a numeric string; we refuse every non-number cell
        for (const cell of [{ foo: 'bar' }, 'a', '3', null, '', undefined]) {
          const Xb = X.map((r, i) => (i === 0 ? [cell as unknown as number, r[1]!, r[2]!] : r));
          await rejectsData(make().fit(Xb, y), /row 0, column 0/);
          await rejectsData(fitted.predict(Xb), /row 0, column 0/);
        }
        await rejectsData(make().fit(X, y.map((v) => ({ v })) as never), /y\[0\]/);
      });

      it('check_fit_idempotent: fitting twice gives the same predictions and values', async () => {
        const { X, y } = fx.idempotent;
        const tr = X.slice(0, 70);
        const te = X.slice(70);
        const m = make();
        await m.fit(tr, y.slice(0, 70));
        const meths = methodsOf(m);
        const first = await Promise.all(Object.values(meths).map((fn) => fn(te)));
        await m.fit(tr, y.slice(0, 70));
        const second = await Promise.all(Object.values(meths).map((fn) => fn(te)));
        for (const [i, v] of first.entries()) expectClose(flat(second[i]!), flat(v), atol, `method ${i}`);
      });

      it('check_methods_subset_invariance: batches give the same values as the whole', async () => {
        const { X, y } = fx.train;
        const m = await make().fit(X, y);
        for (const [name, fn] of Object.entries(methodsOf(m))) {
          const whole = flat(await fn(X));
          const per = whole.length / X.length;
          const parts: (number | Label)[] = [];
          for (let s = 0; s < X.length; s += 10) parts.push(...flat(await fn(X.slice(s, s + 10))));
          expectClose(parts, whole, atol, name);
          expect(per).toBeGreaterThanOrEqual(1);
        }
      });

      it('check_methods_sample_order_invariance: permuting X permutes the outputs', async () => {
        const { X, y } = fx.train;
        const m = await make().fit(X, y);
        const perm = X.map((_, i) => (i * 7919) % X.length);
        for (const [name, fn] of Object.entries(methodsOf(m))) {
          const whole = flat(await fn(X));
          const per = whole.length / X.length;
          const permuted = flat(await fn(take(X, perm)));
          const expected = perm.flatMap((i) => whole.slice(i * per, (i + 1) * per));
          expectClose(permuted, expected, atol, name);
        }
      });

      it('check_decision_proba_consistency: decision values and P(class 1) rank rows alike', async () => {
        const { X, y, Xtest } = fx.decisionProba;
        const m = await make().fit(X, y);
        const meths = methodsOf(m);
        if (!meths.decision || !meths.proba) return; // scikit-learn: only models with both
        const d = Array.from((await meths.decision(Xtest)) as Float64Array);
        const p = await meths.proba(Xtest);
        const p1 = Array.from({ length: p.rows }, (_, i) => p.data[i * 2 + 1]!);
        expect(rankdata(p1)).toEqual(rankdata(d));
      });

      it('check_supervised_y_2d: a column-vector y gives the same predictions as 1-D y', async () => {
        const { X, y } = fx.train;
        const m1 = await make().fit(X, y);
        // departure: accepted silently (no DataConversionWarning: the library does not print)
        const m2 = await make().fit(
          X,
          y.map((v) => [v]),
        );
        expect(await m2.predict(X)).toEqual(await m1.predict(X));
        await rejectsData(
          make().fit(
            X,
            y.map((v) => [v, v]),
          ),
          /1-D or a column vector/,
        );
      });

      it('check_requires_y_none: fit(X, null) is a DataError, not a TypeError', async () => {
        for (const none of [null, undefined]) {
          await rejectsData(make().fit(fx.uniform3.X, none as never), /requires y to be passed/);
        }
      });

      it('check_dict_unchanged: predict, predictProba, predictLogProba, decisionFunction and score leave the model as it was', async () => {
        const { X, y } = fx.dictBlobs;
        const m = await make().fit(X, y);
        const before = snapshot(m);
        for (const fn of Object.values(methodsOf(m))) {
          await fn(X);
          expect(snapshot(m)).toBe(before);
        }
        await m.score(X, y);
        expect(snapshot(m)).toBe(before);
      });

      it('check_dont_overwrite_parameters: fit does not change the params, nor the object given', async () => {
        const given = { ...entry.quickParams };
        const frozen = JSON.stringify(given);
        const m = new Ctor(given).setUp({}, device);
        const before = JSON.stringify(m.getParams());
        await m.fit(fx.train.X, fx.train.y);
        expect(JSON.stringify(m.getParams())).toBe(before);
        expect(JSON.stringify(given)).toBe(frozen);
      });

      if (device === 'cpu') {
        it('check_param_validation: a bad value is stored (getParams returns it) and fit throws ParamError naming it', async () => {
          for (const spec of specs) {
            for (const v of invalidValues(spec)) {
              const m = new Ctor({ ...entry.quickParams, [spec.name]: v });
              expect(Object.is((m.getParams() as Record<string, unknown>)[spec.name], v), show(v)).toBe(true);
              const err = await m.fit(fx.uniform3.X, fx.uniform3.y).catch((e: unknown) => e);
              expect(err, `${spec.name} = ${show(v)}`).toBeInstanceOf(ParamError);
              expect((err as ParamError).param).toBe(spec.name);
              // setParams then a valid value fits again
              const s = new Ctor(entry.quickParams).setParams({ [spec.name]: v });
              expect(Object.is((s.getParams() as Record<string, unknown>)[spec.name], v)).toBe(true);
            }
          }
        });
      }

      it('check_sample_weights_not_an_array / _list: typed arrays and lists give the same model', async () => {
        const { X, y } = fx.train;
        const w = y.map((_, i) => 1 + (i % 3));
        const ref = await make().fit(X, y, { sampleWeight: w });
        const refOut = await Promise.all(Object.values(methodsOf(ref)).map((fn) => fn(X)));
        for (const sw of [Float64Array.from(w), Float32Array.from(w), Int32Array.from(w)]) {
          const m = await make().fit(X, y, { sampleWeight: sw });
          const out = await Promise.all(Object.values(methodsOf(m)).map((fn) => fn(X)));
          for (const [i, v] of out.entries()) expectClose(flat(v), flat(refOut[i]!), atol, `method ${i}`);
        }
      });

      it('check_sample_weights_shape: a wrong length or a 2-D sampleWeight is a DataError', async () => {
        const { X, y } = fx.uniform3;
        await rejectsData(make().fit(X, y, { sampleWeight: new Array(X.length + 1).fill(1) }), /21 values/);
        await rejectsData(make().fit(X, y, { sampleWeight: X.map(() => [1, 1]) as never }), /1-D/);
        for (const bad of [[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [null], ['1']]) {
          const sw = y.map((_, i) => (i === 3 ? bad[0] : 1));
          await rejectsData(make().fit(X, y, { sampleWeight: sw as never }), /sampleWeight\[3\]/);
        }
        await rejectsData(make().fit(X, y, { sampleWeight: new Array(X.length).fill(0) }), /all zero/);
      });

      it('check_sample_weights_not_overwritten: fit leaves the weights as given', async () => {
        const { X, y } = fx.train;
        const sw = Float64Array.from(y, (_, i) => 0.5 + (i % 4));
        const copy = Float64Array.from(sw);
        await make().fit(X, y, { sampleWeight: sw });
        expect(Array.from(sw)).toEqual(Array.from(copy));
      });

      const invariance = async (kind: 'ones' | 'zeros'): Promise<void> => {
        const X1 = [
          1, 3, 1, 3, 1, 3, 1, 3, 2, 1, 2, 1, 2, 1, 2, 1, 3, 3, 3, 3, 3, 3, 3, 3, 4, 1, 4, 1, 4, 1, 4, 1,
        ];
        const X = Array.from({ length: 16 }, (_, i) => [X1[2 * i]!, X1[2 * i + 1]!]);
        const y = [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 2];
        let X2 = X;
        let y2 = y;
        let sw2 = new Array<number>(16).fill(1);
        if (kind === 'zeros') {
          // np.vstack([X1, X1 + 1]), 3 - y1, zero weights on the second half, shuffled
          const all = [...X, ...X.map((r) => r.map((v) => v + 1))];
          const ally = [...y, ...y.map((v) => 3 - v)];
          const w = [...new Array<number>(16).fill(1), ...new Array<number>(16).fill(0)];
          const perm = all.map((_, i) => (i * 13 + 5) % 32);
          X2 = take(all, perm);
          y2 = perm.map((i) => ally[i]!);
          sw2 = perm.map((i) => w[i]!);
        }
        const m1 = await make().fit(X, y, { sampleWeight: null });
        const m2 = await make().fit(X2, y2, { sampleWeight: sw2 });
        for (const [name, fn] of Object.entries(methodsOf(m1))) {
          // scikit-learn compares predict, predict_proba and decision_function (not the log)
          if (name === 'logProba') continue;
          // SVC's Platt probabilities come from a shuffled 5-fold CV, which sees the samples in
          // another order (scikit-learn marks this whole check xfail for SVC)
          if (name === 'proba' && entry.family === 'SVC') continue;
          const fn2 = (
            methodsOf(m2) as unknown as Record<string, (X: number[][]) => Promise<Label[] | Matrix>>
          )[name]!;
          // SVC / LinearSVC: another sample order takes SMO / dual coordinate descent another path
          // to the same tolerance, so decision values agree to about that tolerance only
          const orderDependent = entry.family === 'SVC' || entry.family === 'LinearSVC';
          const tol = (orderDependent && name === 'decision') || f32 ? 1e-3 : 1e-6;
          expectClose(flat(await fn2(X)), flat(await fn(X)), tol, name);
        }
      };
      it("check_sample_weights_invariance(kind='ones'): all-ones weights equal no weights", async () => {
        await invariance('ones');
      });
      it("check_sample_weights_invariance(kind='zeros'): weight 0 equals removing the sample", () =>
        invariance('zeros'));

      if (hasClassWeight) {
        it('check_class_weight_classifiers: a huge weight on class 0 makes it predicted (> 87%)', async () => {
          for (const [data, cw] of [
            [fx.classWeight2, { '0': 1000, '1': 0.0001 }],
            [fx.classWeight3, { '0': 1000, '1': 0.0001, '2': 0.0001 }],
          ] as const) {
            // as scikit-learn's check: max_iter=1000 and min_weight_fraction_leaf=0.01 where they exist
            const m = await make({
              classWeight: cw,
              ...(specs.some((s) => s.name === 'maxIter') ? { maxIter: 1000 } : {}),
              ...(specs.some((s) => s.name === 'minWeightFractionLeaf')
                ? { minWeightFractionLeaf: 0.01 }
                : {}),
            }).fit(data.Xtrain, data.yTrain);
            const pred = await m.predict(data.Xtest);
            expect(pred.filter((p) => p === 0).length / pred.length).toBeGreaterThan(0.87);
          }
        });

        // scikit-learn 1.2 defines this check but yields it for no estimator; we run it for the linear,
        // kernel and naive-Bayes models, not for trees and forests (not claimed for them)
        const treeFamily =
          entry.family === 'DecisionTreeClassifier' || entry.family === 'RandomForestClassifier';
        it.skipIf(treeFamily)(
          "check_class_weight_balanced_classifiers: 'balanced' raises the (macro) F1 on an imbalanced problem",
          async () => {
            const d = fx.imbalanced;
            const plain = await make().fit(d.Xtrain, d.yTrain);
            const balanced = await make({ classWeight: 'balanced' }).fit(d.Xtrain, d.yTrain);
            // departure: macro F1 (see the header)
            expect(f1Macro(d.yTest, await balanced.predict(d.Xtest))).toBeGreaterThan(
              f1Macro(d.yTest, await plain.predict(d.Xtest)),
            );
          },
        );

        if (entry.family === 'LogisticRegression' || entry.family === 'LinearSVC') {
          it("check_class_weight_balanced_linear_classifier: 'balanced' equals the explicit n / (k * count) weights", async () => {
            const X = [
              [-1, -1],
              [-1, 0],
              [-0.8, -1],
              [1, 1],
              [1, 0],
            ];
            const y = [1, 1, 1, -1, -1];
            const coef = (m: AnyClassifier): number[] => {
              const c = (m as unknown as { coef: Matrix | number[][] }).coef;
              return Array.isArray(c) ? c.flat() : Array.from(c.data);
            };
            const b = await make({ classWeight: 'balanced', maxIter: 1000 }).fit(X, y);
            const manual = await make({
              classWeight: { '1': 5 / (3 * 2), '-1': 5 / (2 * 2) },
              maxIter: 1000,
            }).fit(X, y);
            expectClose(coef(manual), coef(b), 1e-7, 'coef');
          });
        }
      }
    });
  }
}
