var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/core/errors.ts
function safeString(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === void 0) {
    return String(value);
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
var AutolearnError, ParamError, NotFittedError, DataError, ShapeError, DeviceError, CheckpointError;
var init_errors = __esm({
  "src/core/errors.ts"() {
    "use strict";
    AutolearnError = class extends Error {
      /** Stable machine-readable code, e.g. `E_PARAM`. */
      code;
      constructor(code, message, options) {
        super(message, options);
        this.name = new.target.name;
        this.code = code;
      }
    };
    ParamError = class extends AutolearnError {
      constructor(param, value, allowed, owner = "") {
        super(
          "E_PARAM",
          `${owner ? `${owner}: ` : ""}invalid value ${safeString(value)} for parameter '${param}'; allowed: ${allowed}`
        );
        this.param = param;
        this.value = value;
        this.allowed = allowed;
        this.owner = owner;
      }
      param;
      value;
      allowed;
      owner;
    };
    NotFittedError = class extends AutolearnError {
      constructor(model) {
        super("E_NOT_FITTED", `${model} is not fitted yet: call fit() before using it`);
        this.model = model;
      }
      model;
    };
    DataError = class extends AutolearnError {
      constructor(message, options) {
        super("E_DATA", message, options);
      }
    };
    ShapeError = class extends AutolearnError {
      constructor(message) {
        super("E_SHAPE", message);
      }
    };
    DeviceError = class extends AutolearnError {
      constructor(message, device, available = []) {
        super("E_DEVICE", message);
        this.device = device;
        this.available = available;
      }
      device;
      available;
    };
    CheckpointError = class extends AutolearnError {
      constructor(message) {
        super("E_CHECKPOINT", message);
      }
    };
  }
});

// src/core/backends/shape.ts
function shapeSize(shape, what = "shape") {
  if (shape.length > 2) {
    throw new ShapeError(
      `${what} [${shape.join(", ")}] has rank ${shape.length}; backends support rank 0, 1 or 2`
    );
  }
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(`${what} [${shape.join(", ")}] has an invalid dimension ${d}`);
    n *= d;
  }
  return n;
}
function asRowsCols(shape) {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  return [shape[0], shape[1]];
}
function broadcastShapes(...shapes) {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array(rank).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const o = rank - s.length + k;
      const d = s[k];
      const cur = out[o];
      if (d === cur || d === 1) continue;
      if (cur === 1) out[o] = d;
      else
        throw new ShapeError(
          `cannot broadcast shapes ${shapes.map((x) => `[${x.join(", ")}]`).join(" and ")}`
        );
    }
  }
  return out;
}
function normalizeAxis(axis, rank, op) {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + r : axis;
}
function reducedShape(shape, axis, op) {
  if (axis === void 0 || shape.length === 0) {
    if (axis !== void 0) normalizeAxis(axis, 0, op);
    return [];
  }
  const ax = normalizeAxis(axis, shape.length, op);
  return shape.filter((_, k) => k !== ax);
}
function matmulShape(a, b, transposeA = false, transposeB = false) {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(`matmul needs rank 1 or 2 operands, got [${a.join(", ")}] and [${b.join(", ")}]`);
  }
  shapeSize(a, "matmul operand");
  shapeSize(b, "matmul operand");
  const [m, ka] = a.length === 1 ? [1, a[0]] : transposeA ? [a[1], a[0]] : [a[0], a[1]];
  const [kb, n] = b.length === 1 ? [b[0], 1] : transposeB ? [b[1], b[0]] : [b[0], b[1]];
  if (ka !== kb) {
    throw new ShapeError(
      `matmul: inner dimensions differ (${ka} vs ${kb}) for shapes [${a.join(", ")}]${transposeA ? "\u1D40" : ""} and [${b.join(", ")}]${transposeB ? "\u1D40" : ""}`
    );
  }
  const shape = a.length === 1 && b.length === 1 ? [] : a.length === 1 ? [n] : b.length === 1 ? [m] : [m, n];
  return { m, k: ka, n, shape };
}
function pairShape(a, b, op) {
  if (a.length !== 2 || b.length !== 2 || a[1] !== b[1]) {
    throw new ShapeError(
      `${op} needs two matrices with the same number of columns, got [${a.join(", ")}] and [${b.join(", ")}]`
    );
  }
  return { n: a[0], m: b[0], d: a[1] };
}
function checkIndices(indices, size, op) {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new ShapeError(`${op}: index ${i} at position ${k} is out of range [0, ${size})`);
    }
  }
}
var init_shape = __esm({
  "src/core/backends/shape.ts"() {
    "use strict";
    init_errors();
  }
});

// src/core/backends/detect.ts
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
function resolvePackage(pkg) {
  try {
    return require2.resolve(pkg);
  } catch {
    return null;
  }
}
function packageDir(pkg) {
  try {
    return dirname(require2.resolve(`${pkg}/package.json`));
  } catch {
    const main2 = resolvePackage(pkg);
    return main2 ? dirname(main2) : null;
  }
}
function missing(pkg, why) {
  return { available: false, reason: `${pkg} not installed (${why})` };
}
function tfjsCore() {
  if (!resolvePackage("@tensorflow/tfjs-core"))
    return missing("@tensorflow/tfjs-core", "dependency of autolearn; reinstall it");
  return null;
}
function wasmDir() {
  const main2 = resolvePackage("@tensorflow/tfjs-backend-wasm");
  if (!main2) return null;
  const dir = dirname(main2);
  return existsSync(join(dir, "tfjs-backend-wasm.wasm")) ? dir : null;
}
function nativeBinding(pkg) {
  const dir = packageDir(pkg);
  if (!dir) {
    return missing(pkg, "optional peer dependency; its install downloads libtensorflow");
  }
  const lib = join(dir, "lib");
  const found = existsSync(lib) && readdirSync(lib).some((d) => d.startsWith("napi-v") && existsSync(join(lib, d, "tfjs_binding.node")));
  if (!found) {
    return {
      available: false,
      reason: `${pkg} is installed but its native binding (lib/napi-v*/tfjs_binding.node) is missing: its install script could not download libtensorflow`
    };
  }
  return { available: true };
}
function nvidiaGpu() {
  if (nvidiaCache) return nvidiaCache;
  const r = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8", timeout: 1e4 });
  if (r.error) {
    nvidiaCache = {
      available: false,
      reason: `no NVIDIA GPU found (nvidia-smi: ${r.error.code ?? r.error.message})`
    };
  } else if (r.status !== 0 || !/GPU \d+/.test(r.stdout)) {
    const msg = `${r.stderr || r.stdout}`.trim().split("\n")[0] ?? "";
    nvidiaCache = {
      available: false,
      reason: `no NVIDIA GPU found (nvidia-smi exited with ${r.status}${msg ? `: ${msg}` : ""})`
    };
  } else {
    nvidiaCache = { available: true };
  }
  return nvidiaCache;
}
function webgpuAdapter(webgpuMain) {
  const url = pathToFileURL(webgpuMain).href;
  const script = `
    const { create } = await import(${JSON.stringify(url)});
    const gpu = create([]);
    const a = await gpu.requestAdapter();
    const info = a && a.info ? [a.info.vendor, a.info.architecture, a.info.device, a.info.description].filter(Boolean).join(' ') : '';
    process.stdout.write(JSON.stringify({ ok: !!a, info }));
    process.exit(0);
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
    env: { ...process.env, NODE_OPTIONS: "" }
  });
  if (r.error) {
    const code = r.error.code;
    return {
      available: false,
      reason: code === "ETIMEDOUT" ? `WebGPU adapter probe timed out after ${PROBE_TIMEOUT_MS / 1e3} s` : `WebGPU probe failed: ${r.error.message}`
    };
  }
  const dawn = dawnMessage(r.stderr);
  let parsed = {};
  try {
    parsed = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
  } catch {
    return {
      available: false,
      reason: `WebGPU probe crashed (exit ${r.status ?? r.signal})${dawn ? `: ${dawn}` : ""}`
    };
  }
  if (!parsed.ok)
    return { available: false, reason: `no WebGPU adapter found${dawn ? ` (Dawn: ${dawn})` : ""}` };
  return { available: true };
}
function dawnMessage(stderr) {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(
    (l) => l && !l.startsWith("at ") && !l.startsWith("node:") && !/^\^+$/.test(l) && !l.startsWith("Node.js v")
  );
  const line = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0];
  if (!line) return "";
  return line.replace(/^Warning:\s*/, "").replace(/: No such file or directory$/, "");
}
function detectDevice(name) {
  switch (name) {
    case "cpu":
      return { available: true };
    case "tfjs-cpu":
      return tfjsCore() ?? (resolvePackage("@tensorflow/tfjs-backend-cpu") ? { available: true } : missing("@tensorflow/tfjs-backend-cpu", "dependency of @tensorflow/tfjs"));
    case "wasm": {
      const core = tfjsCore();
      if (core) return core;
      if (!resolvePackage("@tensorflow/tfjs-backend-wasm"))
        return missing("@tensorflow/tfjs-backend-wasm", "dependency of autolearn; reinstall it");
      if (!wasmDir())
        return {
          available: false,
          reason: "@tensorflow/tfjs-backend-wasm is installed but dist/tfjs-backend-wasm.wasm is missing"
        };
      return { available: true };
    }
    case "webgpu": {
      const core = tfjsCore();
      if (core) return core;
      if (!resolvePackage("@tensorflow/tfjs-backend-webgpu"))
        return missing("@tensorflow/tfjs-backend-webgpu", "dependency of autolearn; reinstall it");
      const dawn = resolvePackage("webgpu");
      if (!dawn)
        return missing("webgpu", "optional dependency providing Dawn, the WebGPU implementation for Node");
      return webgpuAdapter(dawn);
    }
    case "tensorflow":
      return nativeBinding("@tensorflow/tfjs-node");
    case "cuda": {
      const pkg = nativeBinding("@tensorflow/tfjs-node-gpu");
      if (!pkg.available) return pkg;
      return nvidiaGpu();
    }
  }
}
var require2, nvidiaCache, PROBE_TIMEOUT_MS;
var init_detect = __esm({
  "src/core/backends/detect.ts"() {
    "use strict";
    require2 = createRequire(import.meta.url);
    PROBE_TIMEOUT_MS = 15e3;
  }
});

// src/core/backends/tfjs.ts
var tfjs_exports = {};
__export(tfjs_exports, {
  TfjsTensor: () => TfjsTensor,
  createTfjsBackend: () => createTfjsBackend
});
async function loadTf(device) {
  const core = async () => {
    const m = await import("@tensorflow/tfjs-core");
    return m.default ?? m;
  };
  switch (device) {
    case "tfjs-cpu": {
      const tf = await core();
      await import("@tensorflow/tfjs-backend-cpu");
      return { tf, tfName: "cpu" };
    }
    case "wasm": {
      const tf = await core();
      const w = await import("@tensorflow/tfjs-backend-wasm");
      const dir = wasmDir();
      if (!dir) throw new DeviceError("wasm: tfjs-backend-wasm .wasm binaries not found", "wasm");
      if (!tf.findBackend("wasm")) (w.default ?? w).setWasmPaths(`${dir}/`);
      return { tf, tfName: "wasm" };
    }
    case "webgpu": {
      const tf = await core();
      const { create: create2, globals } = await import("webgpu");
      const g = globalThis;
      Object.assign(globalThis, globals);
      if (!g.navigator) g.navigator = {};
      if (!g.navigator.gpu)
        Object.defineProperty(g.navigator, "gpu", { value: create2([]), configurable: true });
      await import("@tensorflow/tfjs-backend-webgpu");
      return { tf, tfName: "webgpu" };
    }
    case "tensorflow":
    case "cuda": {
      const pkg = device === "cuda" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      if (!packageDir(pkg)) throw new DeviceError(`${pkg} not installed`, device);
      const m = await import(pkg);
      return { tf: m.default ?? m, tfName: "tensorflow" };
    }
    default:
      throw new DeviceError(`device '${device}' is not a tfjs device`, device);
  }
}
function createTfjsBackend(device) {
  const p = queue.then(() => create(device));
  queue = p.catch(() => void 0);
  return p;
}
async function create(device) {
  const { tf, tfName } = await loadTf(device);
  const previous = tf.getBackend();
  const ok = await tf.setBackend(tfName);
  if (!ok) {
    throw new DeviceError(`tfjs backend '${tfName}' failed to initialize for device '${device}'`, device);
  }
  await tf.ready();
  const inst = tf.findBackend(tfName);
  if (inst && "firstUse" in inst) inst.firstUse = false;
  if (previous && previous !== tfName && tf.findBackend(previous)) await tf.setBackend(previous);
  return new TfjsBackend(tf, tfName, device);
}
function sqDist(tf, a, b, n, m) {
  const na = tf.reshape(tf.sum(tf.square(a), 1), [n, 1]);
  const nb = tf.reshape(tf.sum(tf.square(b), 1), [1, m]);
  const g = tf.matMul(a, b, false, true);
  return tf.relu(tf.sub(tf.add(na, nb), tf.mul(g, tf.scalar(2, "float32"))));
}
var TfjsTensor, queue, TfjsBackend;
var init_tfjs = __esm({
  "src/core/backends/tfjs.ts"() {
    "use strict";
    init_errors();
    init_detect();
    init_shape();
    TfjsTensor = class {
      constructor(device, t) {
        this.device = device;
        this.t = t;
      }
      device;
      t;
      get shape() {
        return this.t.shape;
      }
    };
    queue = Promise.resolve();
    TfjsBackend = class {
      constructor(tf, tfName, name) {
        this.tf = tf;
        this.tfName = tfName;
        this.name = name;
      }
      tf;
      tfName;
      name;
      precision = "float32";
      /** Makes this backend the engine's active one; synchronous once the backend is initialized. */
      use() {
        const tf = this.tf;
        if (tf.getBackend() !== this.tfName) void tf.setBackend(this.tfName);
        return tf;
      }
      t(x) {
        if (!(x instanceof TfjsTensor) || x.device !== this.name) {
          throw new DeviceError(
            `tensor lives on ${x?.device ?? "an unknown device"}, not on ${this.name}; move it with toArray/fromArray`,
            this.name
          );
        }
        if (x.t.isDisposed)
          throw new DeviceError(
            `${this.name} tensor [${x.shape.join(", ")}] was used after dispose()`,
            this.name
          );
        return x.t;
      }
      wrap(t) {
        return new TfjsTensor(this.name, t);
      }
      run(f) {
        const tf = this.use();
        return this.wrap(tf.tidy(() => f(tf)));
      }
      fromArray(data, shape) {
        const n = shapeSize(shape);
        if (data.length !== n) {
          throw new ShapeError(
            `fromArray: ${data.length} values do not fill shape [${shape.join(", ")}] (${n} values)`
          );
        }
        const tf = this.use();
        return this.wrap(tf.tensor(Float32Array.from(data), [...shape], "float32"));
      }
      scalar(value) {
        return this.wrap(this.use().scalar(value, "float32"));
      }
      async toArray(x) {
        const t = this.t(x);
        return Float64Array.from(await t.data());
      }
      readSync(x) {
        const t = this.t(x);
        if (this.tfName === "webgpu" && typeof globalThis.OffscreenCanvas === "undefined") {
          throw new DeviceError(
            "webgpu cannot download synchronously in Node (no OffscreenCanvas); use await toArray()",
            this.name
          );
        }
        return Float64Array.from(t.dataSync());
      }
      dispose(x) {
        const list = Array.isArray(x) ? x : [x];
        for (const e of list) {
          if (e instanceof TfjsTensor && e.device === this.name) {
            if (!e.t.isDisposed) e.t.dispose();
          } else this.t(e);
        }
      }
      matmul(a, b, options = {}) {
        const x = this.t(a);
        const y = this.t(b);
        const ta = x.rank === 2 && options.transposeA === true;
        const tb = y.rank === 2 && options.transposeB === true;
        const { k, shape } = matmulShape(x.shape, y.shape, ta, tb);
        return this.run((tf) => {
          const x2 = x.rank === 1 ? tf.reshape(x, [1, k]) : x;
          const y2 = y.rank === 1 ? tf.reshape(y, [k, 1]) : y;
          const r = tf.matMul(x2, y2, ta, tb);
          return shape.length === 2 ? r : tf.reshape(r, shape);
        });
      }
      transpose(a) {
        const x = this.t(a);
        return this.run((tf) => x.rank < 2 ? tf.clone(x) : tf.transpose(x));
      }
      binary(a, b, f) {
        const x = this.t(a);
        const y = this.t(b);
        broadcastShapes(x.shape, y.shape);
        return this.run((tf) => f(tf, x, y));
      }
      add(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.add(x, y));
      }
      sub(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.sub(x, y));
      }
      mul(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.mul(x, y));
      }
      div(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.div(x, y));
      }
      maximum(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.maximum(x, y));
      }
      greater(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.cast(tf.greater(x, y), "float32"));
      }
      equal(a, b) {
        return this.binary(a, b, (tf, x, y) => tf.cast(tf.equal(x, y), "float32"));
      }
      where(cond, a, b) {
        const c = this.t(cond);
        const x = this.t(a);
        const y = this.t(b);
        const shape = broadcastShapes(c.shape, x.shape, y.shape);
        return this.run(
          (tf) => tf.where(tf.notEqual(tf.broadcastTo(c, shape), 0), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape))
        );
      }
      unary(a, f) {
        const x = this.t(a);
        return this.run((tf) => f(tf, x));
      }
      neg(a) {
        return this.unary(a, (tf, x) => tf.neg(x));
      }
      exp(a) {
        return this.unary(a, (tf, x) => tf.exp(x));
      }
      log(a) {
        return this.unary(a, (tf, x) => tf.log(x));
      }
      sqrt(a) {
        return this.unary(a, (tf, x) => tf.sqrt(x));
      }
      abs(a) {
        return this.unary(a, (tf, x) => tf.abs(x));
      }
      sigmoid(a) {
        return this.unary(a, (tf, x) => tf.sigmoid(x));
      }
      softmax(a) {
        return this.unary(a, (tf, x) => x.rank === 0 ? tf.onesLike(x) : tf.softmax(x));
      }
      reduce(a, axis, op) {
        const x = this.t(a);
        const shape = reducedShape(x.shape, axis, op);
        const ax = axis === void 0 || x.rank === 0 ? void 0 : normalizeAxis(axis, x.rank, op);
        return this.run(
          (tf) => tf.reshape(op === "sum" ? tf.sum(x, ax) : op === "max" ? tf.max(x, ax) : tf.mean(x, ax), shape)
        );
      }
      sum(a, axis) {
        return this.reduce(a, axis, "sum");
      }
      max(a, axis) {
        return this.reduce(a, axis, "max");
      }
      mean(a, axis) {
        return this.reduce(a, axis, "mean");
      }
      argmax(a, axis) {
        const x = this.t(a);
        if (x.rank === 0) throw new ShapeError("argmax needs a rank 1 or 2 tensor, got a scalar");
        const ax = normalizeAxis(axis ?? x.rank - 1, x.rank, "argmax");
        if (x.shape[ax] === 0) throw new ShapeError(`argmax along an empty axis (shape [${x.shape.join(", ")}])`);
        const shape = x.shape.filter((_, k) => k !== ax);
        return this.run((tf) => tf.reshape(tf.cast(tf.argMax(x, ax), "float32"), shape));
      }
      gather(a, indices) {
        const x = this.t(a);
        if (x.rank === 0) throw new ShapeError("gather needs a rank 1 or 2 tensor, got a scalar");
        checkIndices(indices, x.shape[0], "gather");
        return this.run((tf) => tf.gather(x, tf.tensor1d(Int32Array.from(indices), "int32"), 0));
      }
      sqDistances(a, b) {
        const x = this.t(a);
        const y = this.t(b);
        const { n, m } = pairShape(x.shape, y.shape, "sqDistances");
        return this.run((tf) => sqDist(tf, x, y, n, m));
      }
      rbfKernel(a, b, gamma) {
        const x = this.t(a);
        const y = this.t(b);
        const { n, m } = pairShape(x.shape, y.shape, "rbfKernel");
        return this.run((tf) => tf.exp(tf.mul(sqDist(tf, x, y, n, m), tf.scalar(-gamma, "float32"))));
      }
    };
  }
});

// zz-svc-bench/bench.ts
import { readFileSync } from "node:fs";

// src/models/svc/svc.ts
import { availableParallelism } from "node:os";

// src/core/backend.ts
var DEVICE_NAMES = ["cpu", "tfjs-cpu", "wasm", "webgpu", "tensorflow", "cuda"];

// src/models/svc/svc.ts
init_errors();

// src/core/matrix.ts
init_errors();
function isMatrix(x) {
  return typeof x === "object" && x !== null && x.data instanceof Float64Array && typeof x.rows === "number" && typeof x.cols === "number";
}
function toMatrix(x) {
  if (isMatrix(x)) return x;
  if (!Array.isArray(x)) throw new DataError("X must be a number[][] or a Matrix");
  const rows = x.length;
  const cols = rows ? x[0]?.length ?? 0 : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = x[i];
    if (!r || r.length !== cols) {
      throw new DataError(`row ${i} of X has ${r ? r.length : 0} values, expected ${cols}`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = r[j];
  }
  return { rows, cols, data };
}
function assertFinite(m, what = "X") {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (!Number.isFinite(v)) {
      const i = Math.floor(k / m.cols);
      throw new DataError(`${what} contains ${v} at row ${i}, column ${k - i * m.cols}`);
    }
  }
}
function takeRows(m, idx) {
  const c = m.cols;
  const out = new Float64Array(idx.length * c);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    out.set(m.data.subarray(i * c, i * c + c), k * c);
  }
  return { rows: idx.length, cols: c, data: out };
}

// src/core/data.ts
function isDatasetLike(x) {
  return typeof x === "object" && x !== null && x.isDataset === true;
}

// src/core/backends/cpu.ts
init_errors();

// src/core/backends/cpu-elementwise.ts
init_errors();
init_shape();
function plan(shapes, out) {
  let [rows, cols] = asRowsCols(out);
  const rs = [];
  const cs = [];
  for (const s of shapes) {
    const [r, c] = asRowsCols(s);
    rs.push(r === 1 ? 0 : c);
    cs.push(c === 1 && cols !== 1 ? 0 : 1);
  }
  if (rows > 1 && rs.every((r, k) => r === cols && cs[k] === 1 || r === 0 && cs[k] === 0)) {
    cols *= rows;
    rows = 1;
  }
  return { rows, cols, rs, cs };
}
function binaryRow(op, a, ao, as, b, bo, bs, o, oo, n) {
  switch (op) {
    case "add":
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j * as] + b[bo + j * bs];
      return;
    case "sub":
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j * as] - b[bo + j * bs];
      return;
    case "mul":
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j * as] * b[bo + j * bs];
      return;
    case "div":
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j * as] / b[bo + j * bs];
      return;
    case "maximum":
      for (let j = 0; j < n; j++) {
        const x = a[ao + j * as];
        const y = b[bo + j * bs];
        o[oo + j] = x > y || Number.isNaN(x) ? x : y;
      }
      return;
    case "greater":
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j * as] > b[bo + j * bs] ? 1 : 0;
      return;
    case "equal":
      for (let j = 0; j < n; j++)
        o[oo + j] = a[ao + j * as] === b[bo + j * bs] ? 1 : 0;
      return;
  }
}
function binaryImpl(op, a, b) {
  const shape = broadcastShapes(a.shape, b.shape);
  const p = plan([a.shape, b.shape], shape);
  const out = new Float64Array(p.rows * p.cols);
  const [ars, brs] = p.rs;
  const [acs, bcs] = p.cs;
  for (let i = 0; i < p.rows; i++)
    binaryRow(op, a.data, i * ars, acs, b.data, i * brs, bcs, out, i * p.cols, p.cols);
  return { data: out, shape };
}
function whereImpl(cond, a, b) {
  const shape = broadcastShapes(cond.shape, a.shape, b.shape);
  const p = plan([cond.shape, a.shape, b.shape], shape);
  const out = new Float64Array(p.rows * p.cols);
  const [crs, ars, brs] = p.rs;
  const [ccs, acs, bcs] = p.cs;
  const c = cond.data;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < p.rows; i++) {
    const co = i * crs;
    const ao = i * ars;
    const bo = i * brs;
    const oo = i * p.cols;
    for (let j = 0; j < p.cols; j++)
      out[oo + j] = c[co + j * ccs] !== 0 ? x[ao + j * acs] : y[bo + j * bcs];
  }
  return { data: out, shape };
}
function unaryImpl(op, a) {
  const n = a.length;
  const o = new Float64Array(n);
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) o[i] = -a[i];
      break;
    case "exp":
      for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]);
      break;
    case "log":
      for (let i = 0; i < n; i++) o[i] = Math.log(a[i]);
      break;
    case "sqrt":
      for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]);
      break;
    case "abs":
      for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]);
      break;
    case "sigmoid":
      for (let i = 0; i < n; i++) {
        const v = a[i];
        if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          o[i] = e / (1 + e);
        }
      }
      break;
  }
  return o;
}
function reduceImpl(op, a, axis) {
  const d = a.data;
  if (axis === void 0 || a.shape.length <= 1) {
    if (axis !== void 0) normalizeAxis(axis, a.shape.length, op);
    let s = op === "max" ? Number.NEGATIVE_INFINITY : 0;
    if (op === "max") {
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (v > s || Number.isNaN(v)) s = v;
      }
    } else {
      for (let i = 0; i < d.length; i++) s += d[i];
      if (op === "mean") s /= d.length;
    }
    return { data: Float64Array.of(s), shape: [] };
  }
  const ax = normalizeAxis(axis, 2, op);
  const [rows, cols] = a.shape;
  if (ax === 1) {
    const out2 = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      let s = op === "max" ? Number.NEGATIVE_INFINITY : 0;
      if (op === "max") {
        for (let j = 0; j < cols; j++) {
          const v = d[r + j];
          if (v > s || Number.isNaN(v)) s = v;
        }
      } else {
        for (let j = 0; j < cols; j++) s += d[r + j];
        if (op === "mean") s /= cols;
      }
      out2[i] = s;
    }
    return { data: out2, shape: [rows] };
  }
  const out = new Float64Array(cols);
  if (op === "max") {
    out.fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = d[r + j];
        if (v > out[j] || Number.isNaN(v)) out[j] = v;
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      for (let j = 0; j < cols; j++) out[j] = out[j] + d[r + j];
    }
    if (op === "mean") for (let j = 0; j < cols; j++) out[j] = out[j] / rows;
  }
  return { data: out, shape: [cols] };
}
function argmaxImpl(a, axis) {
  const rank = a.shape.length;
  if (rank === 0) throw new ShapeError("argmax needs a rank 1 or 2 tensor, got a scalar");
  const ax = normalizeAxis(axis ?? rank - 1, rank, "argmax");
  const d = a.data;
  const [rows, cols] = rank === 1 ? [1, a.shape[0]] : a.shape;
  const along = rank === 1 || ax === 1 ? cols : rows;
  if (along === 0) throw new ShapeError(`argmax along an empty axis (shape [${a.shape.join(", ")}])`);
  if (rank === 1 || ax === 1) {
    const out2 = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      let best = 0;
      let mx2 = d[r];
      for (let j = 1; j < cols; j++) {
        const v = d[r + j];
        if (v > mx2 || Number.isNaN(v) && !Number.isNaN(mx2)) {
          mx2 = v;
          best = j;
        }
      }
      out2[i] = best;
    }
    return { data: out2, shape: rank === 1 ? [] : [rows] };
  }
  const out = new Float64Array(cols);
  const mx = d.slice(0, cols);
  for (let i = 1; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = d[r + j];
      if (v > mx[j]) {
        mx[j] = v;
        out[j] = i;
      }
    }
  }
  return { data: out, shape: [cols] };
}
function gatherImpl(a, indices) {
  const rank = a.shape.length;
  if (rank === 0) throw new ShapeError("gather needs a rank 1 or 2 tensor, got a scalar");
  const rows = a.shape[0];
  const cols = rank === 2 ? a.shape[1] : 1;
  const n = indices.length;
  const out = new Float64Array(n * cols);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows) {
      throw new ShapeError(`gather: index ${i} at position ${k} is out of range [0, ${rows})`);
    }
    if (cols === 1) out[k] = a.data[i];
    else out.set(a.data.subarray(i * cols, i * cols + cols), k * cols);
  }
  return { data: out, shape: rank === 2 ? [n, cols] : [n] };
}

// src/core/backends/cpu-kernels.ts
function transposeImpl(a, rows, cols, out) {
  const o = out ?? new Float64Array(rows * cols);
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        const r = i * cols;
        for (let j = j0; j < j1; j++) o[j * rows + i] = a[r + j];
      }
    }
  }
  return o;
}
var JB = 128;
var KC = 512;
function matmulNTImpl(a, bt, m, n, k, out) {
  const C = out ? out.fill(0) : new Float64Array(m * n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += JB) {
      const j1 = Math.min(n, j0 + JB);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = i * k;
        const a1 = a0 + k;
        const c0 = i * n;
        const c1 = c0 + n;
        let j = j0;
        for (; j + 3 < j1; j += 4) {
          const b0 = j * k;
          const b1 = b0 + k;
          const b2 = b1 + k;
          const b3 = b2 + k;
          let s00 = 0;
          let s01 = 0;
          let s02 = 0;
          let s03 = 0;
          let s10 = 0;
          let s11 = 0;
          let s12 = 0;
          let s13 = 0;
          for (let p = p0; p < p1; p++) {
            const x0 = a[a0 + p];
            const x1 = a[a1 + p];
            const y0 = bt[b0 + p];
            const y1 = bt[b1 + p];
            const y2 = bt[b2 + p];
            const y3 = bt[b3 + p];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
          }
          C[c0 + j] = C[c0 + j] + s00;
          C[c0 + j + 1] = C[c0 + j + 1] + s01;
          C[c0 + j + 2] = C[c0 + j + 2] + s02;
          C[c0 + j + 3] = C[c0 + j + 3] + s03;
          C[c1 + j] = C[c1 + j] + s10;
          C[c1 + j + 1] = C[c1 + j + 1] + s11;
          C[c1 + j + 2] = C[c1 + j + 2] + s12;
          C[c1 + j + 3] = C[c1 + j + 3] + s13;
        }
        for (; j < j1; j++) {
          const b0 = j * k;
          let s0 = 0;
          let s1 = 0;
          for (let p = p0; p < p1; p++) {
            const y = bt[b0 + p];
            s0 += a[a0 + p] * y;
            s1 += a[a1 + p] * y;
          }
          C[c0 + j] = C[c0 + j] + s0;
          C[c1 + j] = C[c1 + j] + s1;
        }
      }
      for (; i < m; i++) {
        const a0 = i * k;
        for (let j = j0; j < j1; j++) {
          const b0 = j * k;
          let s = 0;
          for (let p = p0; p < p1; p++) s += a[a0 + p] * bt[b0 + p];
          C[i * n + j] = C[i * n + j] + s;
        }
      }
    }
  }
  return C;
}
function matmulImpl(a, aRows, aCols, b, bRows, bCols, transposeA = false, transposeB = false, out) {
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const aa = transposeA ? transposeImpl(a, aRows, aCols) : a;
  const bt = transposeB ? b : n === 1 ? b : transposeImpl(b, bRows, bCols);
  return matmulNTImpl(aa, bt, m, n, k, out);
}
function rowSqNormsImpl(a, rows, cols) {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = a[o + j];
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}
function sqDistancesImpl(a, n, b, m, d, out) {
  const D = matmulNTImpl(a, b, n, m, d, out);
  const na = rowSqNormsImpl(a, n, d);
  const nb = rowSqNormsImpl(b, m, d);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    const ai = na[i];
    for (let j = 0; j < m; j++) {
      const v = ai + nb[j] - 2 * D[o + j];
      D[o + j] = Math.max(v, 0);
    }
  }
  return D;
}
function rbfKernelImpl(a, n, b, m, d, gamma, out) {
  const K = sqDistancesImpl(a, n, b, m, d, out);
  const g = -gamma;
  for (let t = 0; t < K.length; t++) K[t] = Math.exp(g * K[t]);
  return K;
}
function softmaxRowsImpl(a, rows, cols, out) {
  const o = out ?? new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (a[r + j] > mx) mx = a[r + j];
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(a[r + j] - mx);
      o[r + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) o[r + j] = o[r + j] * inv;
  }
  return o;
}

// src/core/backends/cpu.ts
init_shape();
var CpuTensor = class {
  constructor(data, shape) {
    this.shape = shape;
    this._data = data;
  }
  shape;
  device = "cpu";
  _data;
  /** The backing array (no copy). Throws DeviceError once disposed. */
  get data() {
    if (this._data === null)
      throw new DeviceError(`cpu tensor [${this.shape.join(", ")}] was used after dispose()`, "cpu");
    return this._data;
  }
  get isDisposed() {
    return this._data === null;
  }
  dispose() {
    this._data = null;
  }
};
function asCpu(t) {
  if (t instanceof CpuTensor) return t;
  throw new DeviceError(
    `tensor lives on ${t?.device ?? "an unknown device"}, not on cpu; move it with toArray/fromArray`,
    "cpu"
  );
}
function wrap(s) {
  return new CpuTensor(s.data, s.shape);
}
function binary(op) {
  return (a, b) => wrap(binaryImpl(op, asCpu(a), asCpu(b)));
}
function unary(op) {
  return (a) => {
    const t = asCpu(a);
    return new CpuTensor(unaryImpl(op, t.data), t.shape);
  };
}
function reduce(op) {
  return (a, axis) => wrap(reduceImpl(op, asCpu(a), axis));
}
var cpuBackend = {
  name: "cpu",
  precision: "float64",
  fromArray(data, shape) {
    const n = shapeSize(shape);
    if (data.length !== n) {
      throw new ShapeError(
        `fromArray: ${data.length} values do not fill shape [${shape.join(", ")}] (${n} values)`
      );
    }
    return new CpuTensor(Float64Array.from(data), [...shape]);
  },
  scalar(value) {
    return new CpuTensor(Float64Array.of(value), []);
  },
  async toArray(t) {
    return asCpu(t).data.slice();
  },
  readSync(t) {
    return asCpu(t).data.slice();
  },
  dispose(t) {
    if (Array.isArray(t)) for (const x of t) asCpu(x).dispose();
    else asCpu(t).dispose();
  },
  matmul(a, b, options = {}) {
    const x = asCpu(a);
    const y = asCpu(b);
    const ta = x.shape.length === 2 && options.transposeA === true;
    const tb = y.shape.length === 2 && options.transposeB === true;
    const { k, shape } = matmulShape(x.shape, y.shape, ta, tb);
    const [ar, ac] = x.shape.length === 1 ? [1, k] : x.shape;
    const [br, bc] = y.shape.length === 1 ? [k, 1] : y.shape;
    return new CpuTensor(matmulImpl(x.data, ar, ac, y.data, br, bc, ta, tb), shape);
  },
  transpose(a) {
    const t = asCpu(a);
    if (t.shape.length < 2) return new CpuTensor(t.data.slice(), t.shape);
    const [r, c] = t.shape;
    return new CpuTensor(transposeImpl(t.data, r, c), [c, r]);
  },
  add: binary("add"),
  sub: binary("sub"),
  mul: binary("mul"),
  div: binary("div"),
  maximum: binary("maximum"),
  greater: binary("greater"),
  equal: binary("equal"),
  where(cond, a, b) {
    return wrap(whereImpl(asCpu(cond), asCpu(a), asCpu(b)));
  },
  neg: unary("neg"),
  exp: unary("exp"),
  log: unary("log"),
  sqrt: unary("sqrt"),
  abs: unary("abs"),
  sigmoid: unary("sigmoid"),
  softmax(a) {
    const t = asCpu(a);
    if (t.shape.length === 0) return new CpuTensor(Float64Array.of(1), []);
    const cols = t.shape[t.shape.length - 1];
    const rows = t.shape.length === 2 ? t.shape[0] : 1;
    return new CpuTensor(softmaxRowsImpl(t.data, rows, cols), t.shape);
  },
  sum: reduce("sum"),
  max: reduce("max"),
  mean: reduce("mean"),
  argmax(a, axis) {
    return wrap(argmaxImpl(asCpu(a), axis));
  },
  gather(a, indices) {
    return wrap(gatherImpl(asCpu(a), indices));
  },
  sqDistances(a, b) {
    const x = asCpu(a);
    const y = asCpu(b);
    const { n, m, d } = pairShape(x.shape, y.shape, "sqDistances");
    return new CpuTensor(sqDistancesImpl(x.data, n, y.data, m, d), [n, m]);
  },
  rbfKernel(a, b, gamma) {
    const x = asCpu(a);
    const y = asCpu(b);
    const { n, m, d } = pairShape(x.shape, y.shape, "rbfKernel");
    return new CpuTensor(rbfKernelImpl(x.data, n, y.data, m, d, gamma), [n, m]);
  }
};

// src/core/devices.ts
init_detect();
init_errors();
var KIND = {
  cpu: "cpu",
  "tfjs-cpu": "cpu",
  wasm: "wasm",
  webgpu: "gpu",
  tensorflow: "cpu",
  cuda: "gpu"
};
var ALIASES = {
  tfjs: "tfjs-cpu",
  "tfjs-node": "tensorflow",
  "tfjs-node-gpu": "cuda"
};
var detected = null;
var custom = /* @__PURE__ */ new Map();
var loading = /* @__PURE__ */ new Map();
function isDeviceName(s) {
  return DEVICE_NAMES.includes(s);
}
function resolveDevice(name) {
  const s = typeof name === "string" ? name.trim().toLowerCase() : "";
  if (isDeviceName(s)) return s;
  const alias = ALIASES[s];
  if (alias) return alias;
  const avail = availableDeviceNames();
  throw new DeviceError(
    `unknown device ${JSON.stringify(name)}; known devices: ${DEVICE_NAMES.join(", ")} (available here: ${avail.join(", ")})`,
    String(name),
    avail
  );
}
function availableDevices() {
  if (!detected) {
    detected = DEVICE_NAMES.map((name) => {
      const d = detectDevice(name);
      const info = {
        name,
        available: d.available,
        precision: name === "cpu" ? "float64" : "float32",
        ...d.available ? {} : { reason: d.reason },
        kind: KIND[name]
      };
      return info;
    });
  }
  return detected.map((info) => {
    const b = custom.get(info.name);
    return b ? { name: info.name, available: true, precision: b.precision, kind: info.kind, custom: true } : { ...info };
  });
}
function availableDeviceNames() {
  return availableDevices().filter((d) => d.available).map((d) => d.name);
}
async function getBackend(name) {
  const device = resolveDevice(name);
  const own = custom.get(device);
  if (own) return own;
  if (device === "cpu") return cpuBackend;
  let p = loading.get(device);
  if (!p) {
    const info = availableDevices().find((d) => d.name === device);
    if (!info.available) {
      const avail = availableDeviceNames();
      throw new DeviceError(
        `device '${device}' is not available: ${info.reason}; available devices: ${avail.join(", ")}`,
        device,
        avail
      );
    }
    p = load(device);
    loading.set(device, p);
    p.catch(() => loading.delete(device));
  }
  return p;
}
async function load(device) {
  try {
    const { createTfjsBackend: createTfjsBackend2 } = await Promise.resolve().then(() => (init_tfjs(), tfjs_exports));
    return await createTfjsBackend2(device);
  } catch (e) {
    const why = `failed to load: ${e instanceof Error ? e.message : String(e)}`;
    if (detected)
      detected = detected.map((d) => d.name === device ? { ...d, available: false, reason: why } : d);
    const avail = availableDeviceNames();
    const err = new DeviceError(
      `device '${device}' ${why}; available devices: ${avail.join(", ")}`,
      device,
      avail
    );
    Object.assign(err, { cause: e });
    throw err;
  }
}

// src/models/base.ts
init_errors();

// src/core/labels.ts
init_errors();
function encodeLabels(labels) {
  const arr = Array.from(labels);
  const kinds = new Set(arr.map((v) => typeof v));
  if (kinds.size > 1) throw new DataError("y mixes numbers and strings");
  for (const v of arr) {
    if (typeof v === "number" && !Number.isFinite(v)) throw new DataError(`y contains ${v}`);
    if (typeof v !== "number" && typeof v !== "string") throw new DataError(`y contains a ${typeof v}`);
  }
  const classes = [...new Set(arr)].sort(
    (a, b) => typeof a === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0
  );
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) y[i] = index.get(arr[i]);
  return { classes, y };
}

// src/core/params.ts
init_errors();
function describeAllowed(s) {
  const parts = [];
  if (s.type === "int" || s.type === "float") {
    const lo = s.min === void 0 ? "" : `${s.min} ${s.minExclusive ? "<" : "<="} `;
    const hi = s.max === void 0 ? "" : ` ${s.maxExclusive ? "<" : "<="} ${s.max}`;
    parts.push(`${s.type === "int" ? "an integer" : "a finite number"}${lo || hi ? ` with ${lo}x${hi}` : ""}`);
  } else if (s.type === "bool") parts.push("true or false");
  else if (s.type === "object") parts.push("an object");
  if (s.options?.length) parts.push(`one of ${s.options.map((o) => JSON.stringify(o)).join(", ")}`);
  if (s.nullable) parts.push("null");
  return parts.join(", or ");
}
function checkParam(s, value) {
  if (value === null) return s.nullable ? null : describeAllowed(s);
  if (s.options?.includes(value)) return null;
  switch (s.type) {
    case "bool":
      return typeof value === "boolean" ? null : describeAllowed(s);
    case "string":
      return typeof value === "string" && !s.options?.length ? null : describeAllowed(s);
    case "object":
      return typeof value === "object" && !Array.isArray(value) ? null : describeAllowed(s);
    case "int":
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) return describeAllowed(s);
      if (s.type === "int" && !Number.isInteger(value)) return describeAllowed(s);
      if (s.min !== void 0 && (s.minExclusive ? value <= s.min : value < s.min)) return describeAllowed(s);
      if (s.max !== void 0 && (s.maxExclusive ? value >= s.max : value > s.max)) return describeAllowed(s);
      return null;
    }
  }
}
function resolveParams(specs, given, owner) {
  const out = {};
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key) && given[key] !== void 0) {
      throw new ParamError(key, given[key], `one of the known parameters ${[...known].join(", ")}`, owner);
    }
  }
  for (const s of specs) {
    const raw = given[s.name];
    const value = raw === void 0 ? s.default : raw;
    const bad = checkParam(s, value);
    if (bad !== null) throw new ParamError(s.name, value, bad, owner);
    out[s.name] = value;
  }
  return out;
}

// src/metrics/labels.ts
init_errors();
function uniqueLabels(...arrays) {
  const set = /* @__PURE__ */ new Set();
  for (const a of arrays) for (const v of a) set.add(v);
  const out = [...set];
  const kinds = new Set(out.map((v) => typeof v));
  if (kinds.size > 1) throw new DataError("labels mix numbers and strings");
  return out.sort(compareLabels);
}
function compareLabels(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
function checkPair(yTrue, yPred) {
  if (yTrue.length !== yPred.length) {
    throw new DataError(`yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new DataError("yTrue and yPred are empty");
}
function resolveLabels(yTrue, yPred, labels) {
  if (labels === void 0) return uniqueLabels(yTrue, yPred);
  if (labels.length === 0) throw new DataError("labels is empty");
  if (new Set(labels).size !== labels.length) throw new DataError("labels contains duplicates");
  return [...labels];
}
function indexOf(labels) {
  return new Map(labels.map((l, i) => [l, i]));
}

// src/metrics/confusion.ts
function confusionMatrix(yTrue, yPred, options = {}) {
  checkPair(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const k = labels.length;
  const idx = indexOf(labels);
  const flat = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = idx.get(yTrue[i]);
    const p = idx.get(yPred[i]);
    if (t !== void 0 && p !== void 0) flat[t * k + p]++;
  }
  const matrix = [];
  for (let i = 0; i < k; i++) matrix.push(Array.from(flat.subarray(i * k, (i + 1) * k)));
  return { labels, matrix };
}

// src/metrics/scores.ts
init_errors();
function labelCounts(yTrue, yPred, labels) {
  checkPair(yTrue, yPred);
  const ls = resolveLabels(yTrue, yPred, labels);
  const idx = indexOf(ls);
  const k = ls.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = idx.get(yTrue[i]);
    const p = idx.get(yPred[i]);
    if (t !== void 0) actual[t]++;
    if (p !== void 0) predicted[p]++;
    if (t !== void 0 && t === p) tp[t]++;
  }
  return { labels: ls, tp, predicted, actual };
}
var div0 = (a, b) => b === 0 ? 0 : a / b;
var fOf = (p, r) => div0(2 * p * r, p + r);
function perClassScores(c) {
  const k = c.labels.length;
  const precision = new Array(k);
  const recall = new Array(k);
  const f1 = new Array(k);
  for (let j = 0; j < k; j++) {
    precision[j] = div0(c.tp[j], c.predicted[j]);
    recall[j] = div0(c.tp[j], c.actual[j]);
    f1[j] = fOf(precision[j], recall[j]);
  }
  return { labels: c.labels, precision, recall, f1, support: Array.from(c.actual) };
}
function averageScores(c, average) {
  const per = perClassScores(c);
  const k = c.labels.length;
  let support = 0;
  for (let j = 0; j < k; j++) support += c.actual[j];
  if (average === "micro") {
    let tp = 0;
    let pred = 0;
    for (let j = 0; j < k; j++) {
      tp += c.tp[j];
      pred += c.predicted[j];
    }
    const precision = div0(tp, pred);
    const recall = div0(tp, support);
    return { precision, recall, f1: fOf(precision, recall), support };
  }
  let p = 0;
  let r = 0;
  let f = 0;
  let wsum = 0;
  for (let j = 0; j < k; j++) {
    const w = average === "macro" ? 1 : c.actual[j];
    p += w * per.precision[j];
    r += w * per.recall[j];
    f += w * per.f1[j];
    wsum += w;
  }
  return { precision: div0(p, wsum), recall: div0(r, wsum), f1: div0(f, wsum), support };
}
function accuracyScore(yTrue, yPred) {
  checkPair(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

// src/metrics/report.ts
function classificationReport(yTrue, yPred, options = {}) {
  const counts = labelCounts(yTrue, yPred, options.labels);
  const per = perClassScores(counts);
  const perClass = counts.labels.map((label, j) => ({
    label,
    precision: per.precision[j],
    recall: per.recall[j],
    f1: per.f1[j],
    support: per.support[j]
  }));
  return {
    accuracy: accuracyScore(yTrue, yPred),
    n: yTrue.length,
    perClass,
    macro: averageScores(counts, "macro"),
    micro: averageScores(counts, "micro"),
    weighted: averageScores(counts, "weighted"),
    confusion: confusionMatrix(yTrue, yPred, { labels: counts.labels })
  };
}

// src/models/base.ts
var CHECKPOINT_FORMAT = "autolearn-checkpoint";
var CHECKPOINT_VERSION = 1;
var Classifier = class _Classifier {
  /** Devices this model runs on. */
  supportedDevices = ["cpu"];
  given;
  device = "cpu";
  backend = null;
  /** Sorted distinct labels seen at fit; null until fitted. */
  classes = null;
  nFeatures = 0;
  resolved = null;
  constructor(params = {}) {
    this.given = { ...params };
  }
  /** Validated params with defaults filled in (throws ParamError on a bad value). */
  getParams() {
    if (!this.resolved) this.resolved = resolveParams(this.paramSpecs, this.given, this.name);
    return this.resolved;
  }
  /** Seed MLEngine: set hyper-parameters and the compute device. */
  setUp(hyperparams = {}, device = this.device) {
    this.given = { ...this.given, ...hyperparams };
    this.resolved = null;
    this.device = this.checkDevice(device);
    this.backend = null;
    return this;
  }
  get computeDevice() {
    return this.device;
  }
  get isFitted() {
    return this.classes !== null;
  }
  /**
   * `fit(X, y)` or, as in the seed, `fit(dataset, trainingHyperparams?, loss?, optimizer?, logger?)`
   * (trains on the dataset's train part). Returns this.
   */
  async fit(data, yOrTraining, loss, optimizer, logger) {
    let X;
    let labels;
    let trainingParams = {};
    if (isDatasetLike(data)) {
      const part = data.part("train");
      X = part.X;
      labels = Array.from(part.y, (i) => part.classes[i]);
      trainingParams = yOrTraining ?? {};
    } else {
      X = toMatrix(data);
      if (yOrTraining === void 0) throw new DataError("fit(X, y): y is missing");
      labels = yOrTraining;
    }
    const params = this.getParams();
    void params;
    if (X.rows === 0) throw new DataError(`${this.name}.fit: X is empty (0 samples)`);
    if (X.cols === 0) throw new DataError(`${this.name}.fit: X has 0 features`);
    if (labels.length !== X.rows) {
      throw new DataError(`${this.name}.fit: X has ${X.rows} rows but y has ${labels.length} labels`);
    }
    assertFinite(X, "X");
    const { classes, y } = encodeLabels(labels);
    if (classes.length < 2) {
      throw new DataError(
        `${this.name}.fit: y has a single class (${String(classes[0])}); a classifier needs at least 2`
      );
    }
    const backend = await this.getBackendInstance();
    this.classes = null;
    await this.fitEncoded(X, y, classes.length, { backend, trainingParams, loss, optimizer, logger });
    this.classes = classes;
    this.nFeatures = X.cols;
    return this;
  }
  /** Predicted labels (as given at fit) for each row. */
  async predict(X) {
    const m = this.checkInput(X);
    const idx = await this.predictEncoded(m);
    const classes = this.classes;
    return Array.from(idx, (i) => classes[i]);
  }
  /** Class probabilities, one column per entry of `classes`, rows summing to 1. */
  async predictProba(X) {
    return this.predictProbaEncoded(this.checkInput(X));
  }
  /** Seed MLEngine: the prediction for one sample. */
  async inference(sample) {
    const [label] = await this.predict([sample]);
    return label;
  }
  /** Precision, recall, F1, accuracy and confusion matrix on a Dataset part or on `{X, y}`. */
  async evaluate(data, options = {}) {
    let X;
    let yTrue;
    if (isDatasetLike(data)) {
      const part = data.part(options.on ?? "test");
      X = part.X;
      yTrue = Array.from(part.y, (i) => part.classes[i]);
    } else {
      X = data.X;
      yTrue = Array.from(data.y);
    }
    const yPred = await this.predict(X);
    const labels = [.../* @__PURE__ */ new Set([...this.classes, ...yTrue])];
    return classificationReport(yTrue, yPred, { labels });
  }
  /** Moves the fitted parameters to another device (download + upload). */
  async changeComputeDevice(device) {
    const d = this.checkDevice(device);
    const backend = await getBackend(d);
    this.device = d;
    this.backend = backend;
    if (this.isFitted) await this.onDeviceChange(backend);
    return this;
  }
  saveCheckpoint() {
    if (!this.isFitted) throw new NotFittedError(this.name);
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      model: this.name,
      params: { ...this.getParams() },
      classes: [...this.classes],
      nFeatures: this.nFeatures,
      device: this.device,
      state: this.getState()
    };
  }
  /** Same as `saveCheckpoint()`, for JSON.stringify. */
  toJSON() {
    return this.saveCheckpoint();
  }
  /** Rebuilds a fitted model from `saveCheckpoint()` output (or its JSON text). */
  static loadCheckpoint(checkpoint) {
    const ck = parseCheckpoint(checkpoint);
    const model = new this();
    if (ck.model !== model.name) {
      throw new CheckpointError(`checkpoint is for model '${ck.model}', not '${model.name}'`);
    }
    model.restore(ck);
    return model;
  }
  /** Alias of `loadCheckpoint` (scikit-learn style). */
  static fromJSON(json) {
    return _Classifier.loadCheckpoint.call(this, json);
  }
  /** Loads checkpoint contents into this instance. */
  restore(ck) {
    this.given = ck.params;
    this.resolved = null;
    this.getParams();
    this.device = "cpu";
    this.backend = null;
    this.classes = [...ck.classes];
    this.nFeatures = ck.nFeatures;
    this.setState(ck.state);
  }
  /** Default: argmax of predictProba. Models with a native decision rule override it. */
  async predictEncoded(X) {
    const p = await this.predictProbaEncoded(X);
    const out = new Int32Array(p.rows);
    for (let i = 0; i < p.rows; i++) {
      let best = 0;
      let bv = -Infinity;
      for (let j = 0; j < p.cols; j++) {
        const v = p.data[i * p.cols + j];
        if (v > bv) {
          bv = v;
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }
  /** Called after the device changed on a fitted model (upload parameters to the new backend). */
  async onDeviceChange(_backend) {
  }
  async getBackendInstance() {
    if (!this.backend) this.backend = await getBackend(this.device);
    return this.backend;
  }
  checkInput(X) {
    if (!this.isFitted) throw new NotFittedError(this.name);
    const m = toMatrix(X);
    if (m.cols !== this.nFeatures && m.rows > 0) {
      throw new DataError(
        `${this.name}: X has ${m.cols} features, but the model was fitted with ${this.nFeatures}`
      );
    }
    assertFinite(m, "X");
    return m;
  }
  checkDevice(device) {
    const d = resolveDevice(device);
    if (!this.supportedDevices.includes(d)) {
      throw new DeviceError(
        `${this.name} does not run on device '${d}'; supported: ${this.supportedDevices.join(", ")}`,
        d,
        this.supportedDevices
      );
    }
    return d;
  }
};
function parseCheckpoint(checkpoint) {
  const ck = typeof checkpoint === "string" ? safeParse(checkpoint) : checkpoint;
  if (!ck || typeof ck !== "object" || ck.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`not an autolearn checkpoint (missing format '${CHECKPOINT_FORMAT}')`);
  }
  if (ck.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `checkpoint version ${String(ck.version)} is not supported (this build reads ${CHECKPOINT_VERSION})`
    );
  }
  if (!Array.isArray(ck.classes) || typeof ck.nFeatures !== "number" || typeof ck.model !== "string") {
    throw new CheckpointError("checkpoint is missing classes, nFeatures or model");
  }
  return ck;
}
function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`checkpoint is not valid JSON: ${e.message}`);
  }
}

// src/models/svc/class-weight.ts
init_errors();
function fitClasses(data, y) {
  try {
    if (isDatasetLike(data)) {
      const part = data.part("train");
      return encodeLabels(Array.from(part.y, (i) => part.classes[i])).classes;
    }
    if (y === void 0 || y === null || typeof y !== "object" || !("length" in y)) return null;
    return encodeLabels(y).classes;
  } catch {
    return null;
  }
}
function resolveClassWeight(cw, y, k, classes, owner) {
  const w = new Float64Array(k).fill(1);
  if (cw === null || cw === void 0) return w;
  if (cw === "balanced") {
    const count = new Float64Array(k);
    for (let i = 0; i < y.length; i++) count[y[i]]++;
    for (let c = 0; c < k; c++) w[c] = y.length / (k * count[c]);
    return w;
  }
  const names = (classes ?? []).map((c) => String(c));
  for (const [key, value] of Object.entries(cw)) {
    const c = names.indexOf(key);
    if (c < 0) {
      throw new ParamError(
        "classWeight",
        cw,
        `an object whose keys are class labels (${names.join(", ")}); '${key}' is not one`,
        owner
      );
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ParamError(
        "classWeight",
        cw,
        `non-negative finite weights; '${key}' has ${String(value)}`,
        owner
      );
    }
    w[c] = value;
  }
  return w;
}

// src/models/svc/platt.ts
function sigmoidTrain(dec, positive) {
  const l = dec.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) {
    if (positive[i]) prior1 += 1;
    else prior0 += 1;
  }
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = positive[i] ? hiTarget : loTarget;
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a, b) => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i] * a + b;
      if (fApB >= 0) f += t[i] * fApB + Math.log1p(Math.exp(-fApB));
      else f += (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let fval = objective(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const di = dec[i];
      const fApB = di * A + B;
      let p;
      let q;
      if (fApB >= 0) {
        const e = Math.exp(-fApB);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(fApB);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = p * q;
      h11 += di * di * d2;
      h22 += d2;
      h21 += di * d2;
      const d1 = t[i] - p;
      g1 += di * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return { A, B };
}
function sigmoidPredict(dec, A, B) {
  const fApB = dec * A + B;
  if (fApB >= 0) {
    const e = Math.exp(-fApB);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(fApB));
}
function multiclassProbability(k, r, p, Q, Qp) {
  const maxIter = Math.max(100, k);
  const eps = 5e-3 / k;
  for (let t = 0; t < k; t++) {
    p[t] = 1 / k;
    let qtt = 0;
    for (let j = 0; j < t; j++) {
      qtt += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = Q[j * k + t];
    }
    for (let j = t + 1; j < k; j++) {
      qtt += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = -r[j * k + t] * r[t * k + j];
    }
    Q[t * k + t] = qtt;
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += Q[t * k + j] * p[j];
      Qp[t] = s;
      pQp += p[t] * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) {
      const err = Math.abs(Qp[t] - pQp);
      if (err > maxError) maxError = err;
    }
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const qtt = Q[t * k + t];
      const diff = (-Qp[t] + pQp) / qtt;
      p[t] = p[t] + diff;
      pQp = (pQp + diff * (diff * qtt + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff);
        p[j] = p[j] / (1 + diff);
      }
    }
  }
}

// src/models/svc/decision.ts
function pairwiseDecision(Kb, m, k, nSupport, svCoef, rho) {
  const nSV = svCoef.length / Math.max(k - 1, 1);
  const nPairs = rho.length;
  const out = new Float64Array(m * nPairs);
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1] + nSupport[c - 1];
  for (let r = 0; r < m; r++) {
    const ko = r * nSV;
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const si = start[i];
        const sj = start[j];
        const ci = nSupport[i];
        const cj = nSupport[j];
        const c1 = (j - 1) * nSV;
        const c2 = i * nSV;
        let sum = 0;
        for (let t = 0; t < ci; t++) sum += svCoef[c1 + si + t] * Kb[ko + si + t];
        for (let t = 0; t < cj; t++) sum += svCoef[c2 + sj + t] * Kb[ko + sj + t];
        out[r * nPairs + p] = sum - rho[p];
        p++;
      }
    }
  }
  return out;
}
function vote(dec, m, k) {
  const nPairs = k * (k - 1) / 2;
  const out = new Int32Array(m);
  const votes = new Int32Array(k);
  for (let r = 0; r < m; r++) {
    votes.fill(0);
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (dec[r * nPairs + p] > 0) votes[i]++;
        else votes[j]++;
        p++;
      }
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
    out[r] = best;
  }
  return out;
}
function ovrDecision(dec, m, k) {
  const nPairs = k * (k - 1) / 2;
  const out = new Float64Array(m * k);
  const conf = new Float64Array(k);
  for (let r = 0; r < m; r++) {
    conf.fill(0);
    const o = r * k;
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const d = dec[r * nPairs + p];
        conf[i] = conf[i] + d;
        conf[j] = conf[j] - d;
        if (d < 0) out[o + j] = out[o + j] + 1;
        else out[o + i] = out[o + i] + 1;
        p++;
      }
    }
    for (let c = 0; c < k; c++) {
      const s = conf[c];
      out[o + c] = out[o + c] + s / (3 * (Math.abs(s) + 1));
    }
  }
  return out;
}
function coupledProbabilities(dec, m, k, probA, probB) {
  const minProb = 1e-7;
  const nPairs = k * (k - 1) / 2;
  const out = new Float64Array(m * k);
  const r = new Float64Array(k * k);
  const pr = new Float64Array(k);
  const Q = new Float64Array(k * k);
  const Qp = new Float64Array(k);
  for (let row = 0; row < m; row++) {
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const v = sigmoidPredict(dec[row * nPairs + p], probA[p], probB[p]);
        const c = Math.min(Math.max(v, minProb), 1 - minProb);
        r[i * k + j] = c;
        r[j * k + i] = 1 - c;
        p++;
      }
    }
    if (k === 2) {
      out[row * 2] = r[1];
      out[row * 2 + 1] = r[2];
    } else {
      multiclassProbability(k, r, pr, Q, Qp);
      let s = 0;
      for (let c = 0; c < k; c++) s += pr[c];
      for (let c = 0; c < k; c++) out[row * k + c] = pr[c] / s;
    }
  }
  return out;
}

// src/models/svc/kernel.ts
function powi(base, times) {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}
function fromDot(spec, dot) {
  switch (spec.kernel) {
    case "poly":
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case "sigmoid":
      return Math.tanh(spec.gamma * dot + spec.coef0);
    default:
      return dot;
  }
}
function kernelBlockCpu(spec, A, B, bIndex) {
  if (spec.kernel === "precomputed") {
    const idx = bIndex;
    const m2 = idx.length;
    const out2 = new Float64Array(A.rows * m2);
    for (let i = 0; i < A.rows; i++) {
      const o = i * A.cols;
      for (let j = 0; j < m2; j++) out2[i * m2 + j] = A.data[o + idx[j]];
    }
    return out2;
  }
  const Bm = B;
  const d = A.cols;
  const n = A.rows;
  const m = Bm.rows;
  const a = A.data;
  const b = Bm.data;
  const out = new Float64Array(n * m);
  const rbf = spec.kernel === "rbf";
  const g = spec.gamma;
  for (let i = 0; i < n; i++) {
    const ao = i * d;
    const oo = i * m;
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const b0 = j * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      if (rbf) {
        for (let k = 0; k < d; k++) {
          const v = a[ao + k];
          const t0 = v - b[b0 + k];
          const t1 = v - b[b1 + k];
          const t2 = v - b[b2 + k];
          const t3 = v - b[b3 + k];
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
        out[oo + j] = Math.exp(-g * s0);
        out[oo + j + 1] = Math.exp(-g * s1);
        out[oo + j + 2] = Math.exp(-g * s2);
        out[oo + j + 3] = Math.exp(-g * s3);
      } else {
        for (let k = 0; k < d; k++) {
          const v = a[ao + k];
          s0 += v * b[b0 + k];
          s1 += v * b[b1 + k];
          s2 += v * b[b2 + k];
          s3 += v * b[b3 + k];
        }
        out[oo + j] = s0;
        out[oo + j + 1] = s1;
        out[oo + j + 2] = s2;
        out[oo + j + 3] = s3;
      }
    }
    for (; j < m; j++) {
      const bo = j * d;
      let s = 0;
      if (rbf) {
        for (let k = 0; k < d; k++) {
          const t = a[ao + k] - b[bo + k];
          s += t * t;
        }
        out[oo + j] = Math.exp(-g * s);
      } else {
        for (let k = 0; k < d; k++) s += a[ao + k] * b[bo + k];
        out[oo + j] = s;
      }
    }
  }
  if (!rbf && spec.kernel !== "linear")
    for (let k = 0; k < out.length; k++) out[k] = fromDot(spec, out[k]);
  return out;
}
async function kernelBlockBackend(backend, spec, A, B) {
  const ta = backend.fromArray(A.data, [A.rows, A.cols]);
  const tb = backend.fromArray(B.data, [B.rows, B.cols]);
  try {
    const tk = spec.kernel === "rbf" ? backend.rbfKernel(ta, tb, spec.gamma) : backend.matmul(ta, tb, { transposeB: true });
    const out = await backend.toArray(tk);
    backend.dispose(tk);
    if (spec.kernel === "poly" || spec.kernel === "sigmoid") {
      for (let k = 0; k < out.length; k++) out[k] = fromDot(spec, out[k]);
    }
    return out;
  } finally {
    backend.dispose([ta, tb]);
  }
}
var BLOCK_ROWS = 2048;
async function kernelBlock(backend, spec, A, B, bIndex) {
  if (!backend || backend.name === "cpu" || spec.kernel === "precomputed" || !B) {
    return kernelBlockCpu(spec, A, B, bIndex);
  }
  if (A.rows <= BLOCK_ROWS) return kernelBlockBackend(backend, spec, A, B);
  const out = new Float64Array(A.rows * B.rows);
  for (let r = 0; r < A.rows; r += BLOCK_ROWS) {
    const e = Math.min(A.rows, r + BLOCK_ROWS);
    const part = { rows: e - r, cols: A.cols, data: A.data.subarray(r * A.cols, e * A.cols) };
    out.set(await kernelBlockBackend(backend, spec, part, B), r * B.rows);
  }
  return out;
}

// src/models/svc/pool.ts
init_errors();

// src/core/worker.ts
import { Worker } from "node:worker_threads";
function startWorker(callerUrl, basename, options = {}) {
  const fromSource = callerUrl.endsWith(".ts");
  const url = new URL(`./${basename}${fromSource ? ".ts" : ".js"}`, callerUrl);
  if (!fromSource) return new Worker(url, options);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

// src/models/svc/pool.ts
async function runPairsOnWorkers(src, opts, jobs, nWorkers) {
  const count = Math.max(1, Math.min(nWorkers, jobs.length));
  const data = { src, opts };
  const workers = Array.from(
    { length: count },
    () => startWorker(import.meta.url, "pair-worker", { workerData: data })
  );
  const out = [];
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) => new Promise((resolve, reject) => {
          const give = () => {
            if (next >= jobs.length) {
              resolve();
              return;
            }
            w.postMessage(jobs[next++]);
          };
          w.on("message", (r) => {
            if (r.error !== void 0 || !r.result) {
              reject(new AutolearnError("E_WORKER", `SVC worker failed on pair ${r.pair}: ${r.error}`));
              return;
            }
            out.push(r.result);
            give();
          });
          w.on(
            "error",
            (e) => reject(new AutolearnError("E_WORKER", `SVC worker crashed: ${e.message}`, { cause: e }))
          );
          give();
        })
      )
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

// src/core/rng.ts
var Rng = class _Rng {
  s0;
  s1;
  s2;
  s3;
  spare = null;
  constructor(seed = 0) {
    let x = seed >>> 0 || 2654435769;
    const next = () => {
      x = x + 2654435769 >>> 0;
      let z = x;
      z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
      z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
      return (z ^ z >>> 16) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }
  /** Uniform 32-bit unsigned integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = this.s1 << 9 >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }
  /** Uniform float in [0, 1) with 53 random bits. */
  next() {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** Standard normal (Box-Muller, caching the second value). */
  normal() {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** In-place Fisher-Yates shuffle. */
  shuffle(a) {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
  /** A child generator with an independent stream, derived deterministically. */
  fork() {
    return new _Rng(this.nextUint32());
  }
};
function rotl(x, k) {
  return (x << k | x >>> 32 - k) >>> 0;
}

// src/models/svc/q-matrix.ts
var SvcQ = class {
  constructor(src, index, y, cacheBytes) {
    this.src = src;
    const l = index.length;
    this.l = l;
    this.perm = Int32Array.from(index);
    this.y = Int8Array.from(y);
    if (src.kind === "features") {
      const sq = new Float64Array(l);
      const { X, d } = src;
      const xp = new Float64Array(l * d);
      for (let p = 0; p < l; p++) {
        const o = index[p] * d;
        let s = 0;
        for (let k = 0; k < d; k++) {
          const v = X[o + k];
          xp[p * d + k] = v;
          s += v * v;
        }
        sq[p] = s;
      }
      this.sq = sq;
      this.xp = xp;
      this.d = d;
    } else {
      this.sq = null;
      this.xp = new Float64Array(0);
      this.d = 0;
    }
    this.QD = new Float64Array(l);
    for (let p = 0; p < l; p++) this.QD[p] = this.kernel(p, p);
    this.rows = new Array(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.mark = new Int32Array(l);
    this.todo = new Int32Array(l);
    this.maxRows = Math.max(2, Math.min(l, Math.floor(cacheBytes / (4 * Math.max(l, 1)))));
  }
  src;
  QD;
  l;
  /** Position -> row index into the source (X rows or Gram rows). */
  perm;
  y;
  sq;
  /** Feature rows copied in position order (swapped with the positions, like libsvm's x pointers). */
  xp;
  d;
  // cache
  rows;
  lens;
  prev;
  next;
  pool = [];
  maxRows;
  used = 0;
  /** Stamp per position: entries of the row being filled that were copied from cached rows. */
  mark;
  todo;
  stamp = 0;
  /** K between the samples at positions i and j (double precision, as libsvm's kernel_function). */
  kernel(i, j) {
    const src = this.src;
    const pi = this.perm[i];
    const pj = this.perm[j];
    if (src.kind === "gram") return src.K[pi * src.n + pj];
    const { spec } = src;
    const d = this.d;
    const dot = dotRows(this.xp, i * d, j * d, d);
    switch (spec.kernel) {
      case "rbf":
        return Math.exp(
          -spec.gamma * (this.sq[i] + this.sq[j] - 2 * dot)
        );
      case "poly": {
        let base = spec.gamma * dot + spec.coef0;
        let ret = 1;
        for (let t = spec.degree; t > 0; t = Math.floor(t / 2)) {
          if (t % 2 === 1) ret *= base;
          base *= base;
        }
        return ret;
      }
      case "sigmoid":
        return Math.tanh(spec.gamma * dot + spec.coef0);
      default:
        return dot;
    }
  }
  getQ(i, len) {
    const h = this.lens[i];
    if (h > 0) this.lruDelete(i);
    let row = this.rows[i];
    if (len > h) {
      if (!row) {
        row = this.allocate();
        this.rows[i] = row;
      }
      this.fill(i, row, h, len);
      this.lens[i] = len;
    }
    this.lruInsert(i);
    return row;
  }
  swapIndex(i, j) {
    if (i === j) return;
    const { rows, lens, perm, y, QD } = this;
    if (lens[i]) this.lruDelete(i);
    if (lens[j]) this.lruDelete(j);
    const tr = rows[i];
    rows[i] = rows[j];
    rows[j] = tr;
    let t = lens[i];
    lens[i] = lens[j];
    lens[j] = t;
    if (lens[i]) this.lruInsert(i);
    if (lens[j]) this.lruInsert(j);
    t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
    t = y[i];
    y[i] = y[j];
    y[j] = t;
    let td = QD[i];
    QD[i] = QD[j];
    QD[j] = td;
    if (this.sq) {
      td = this.sq[i];
      this.sq[i] = this.sq[j];
      this.sq[j] = td;
      const d = this.d;
      const xp = this.xp;
      for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
        td = xp[a];
        xp[a] = xp[b];
        xp[b] = td;
      }
    }
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    const S = this.l;
    for (let h = this.next[S]; h !== S; ) {
      const nx = this.next[h];
      const lh = lens[h];
      if (lh > lo) {
        const row = rows[h];
        if (lh > hi) {
          const v = row[lo];
          row[lo] = row[hi];
          row[hi] = v;
        } else {
          this.lruDelete(h);
          this.pool.push(row);
          rows[h] = null;
          lens[h] = 0;
          this.used--;
        }
      }
      h = nx;
    }
  }
  allocate() {
    if (this.used >= this.maxRows) {
      const S = this.l;
      const old = this.next[S];
      this.lruDelete(old);
      const row = this.rows[old];
      this.rows[old] = null;
      this.lens[old] = 0;
      return row;
    }
    this.used++;
    return this.pool.pop() ?? new Float32Array(this.l);
  }
  fill(i, row, start, len) {
    const src = this.src;
    const { perm, y } = this;
    const yi = y[i];
    const pi = perm[i];
    if (src.kind === "gram") {
      const { K, n } = src;
      const o = pi * n;
      for (let j = start; j < len; j++)
        row[j] = yi * y[j] * K[o + perm[j]];
      return;
    }
    const { spec } = src;
    const d = this.d;
    const xp = this.xp;
    const oi = i * d;
    if (spec.kernel === "rbf") {
      const sq = this.sq;
      const g = -spec.gamma;
      const sqi = sq[i];
      const { rows, lens, next, mark } = this;
      const stamp = ++this.stamp;
      let reused = 0;
      const S = this.l;
      for (let h = next[S]; h !== S; h = next[h]) {
        if (h >= start && h < len && lens[h] > i) {
          row[h] = rows[h][i];
          mark[h] = stamp;
          reused++;
        }
      }
      const todo = this.todo;
      let m = 0;
      if (reused === 0) for (let j = start; j < len; j++) todo[m++] = j;
      else for (let j = start; j < len; j++) if (mark[j] !== stamp) todo[m++] = j;
      let t = 0;
      for (; t + 3 < m; t += 4) {
        const j0 = todo[t];
        const j1 = todo[t + 1];
        const j2 = todo[t + 2];
        const j3 = todo[t + 3];
        const o0 = j0 * d;
        const o1 = j1 * d;
        const o2 = j2 * d;
        const o3 = j3 * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < d; k++) {
          const v = xp[oi + k];
          s0 += v * xp[o0 + k];
          s1 += v * xp[o1 + k];
          s2 += v * xp[o2 + k];
          s3 += v * xp[o3 + k];
        }
        row[j0] = yi * y[j0] * Math.exp(g * (sqi + sq[j0] - 2 * s0));
        row[j1] = yi * y[j1] * Math.exp(g * (sqi + sq[j1] - 2 * s1));
        row[j2] = yi * y[j2] * Math.exp(g * (sqi + sq[j2] - 2 * s2));
        row[j3] = yi * y[j3] * Math.exp(g * (sqi + sq[j3] - 2 * s3));
      }
      for (; t < m; t++) {
        const j = todo[t];
        const dot = dotRows(xp, oi, j * d, d);
        row[j] = yi * y[j] * Math.exp(g * (sqi + sq[j] - 2 * dot));
      }
      return;
    }
    for (let j = start; j < len; j++) row[j] = yi * y[j] * this.kernel(i, j);
  }
  lruDelete(h) {
    const p = this.prev[h];
    const n = this.next[h];
    this.next[p] = n;
    this.prev[n] = p;
  }
  lruInsert(h) {
    const S = this.l;
    const last = this.prev[S];
    this.next[h] = S;
    this.prev[h] = last;
    this.next[last] = h;
    this.prev[S] = h;
  }
};
function dotRows(x, a, b, d) {
  let s = 0;
  let k = 0;
  const d4 = d - d % 4;
  for (; k < d4; k += 4) {
    s += x[a + k] * x[b + k];
    s += x[a + k + 1] * x[b + k + 1];
    s += x[a + k + 2] * x[b + k + 2];
    s += x[a + k + 3] * x[b + k + 3];
  }
  for (; k < d; k++) s += x[a + k] * x[b + k];
  return s;
}

// src/models/svc/smo.ts
var TAU = 1e-12;
var LOWER = 0;
var UPPER = 1;
var FREE = 2;
function statusOf(a, c) {
  return a >= c ? UPPER : a <= 0 ? LOWER : FREE;
}
function swapIndex(st, i, j) {
  st.Q.swapIndex(i, j);
  swapI8(st.y, i, j);
  swapF64(st.G, i, j);
  swapU8(st.status, i, j);
  swapF64(st.alpha, i, j);
  swapF64(st.p, i, j);
  swapI32(st.activeSet, i, j);
  swapF64(st.Gbar, i, j);
  swapF64(st.C, i, j);
}
function reconstructGradient(st) {
  const { l, activeSize, G, Gbar, p, status, alpha, Q } = st;
  if (activeSize === l) return;
  let nrFree = 0;
  for (let j = activeSize; j < l; j++) G[j] = Gbar[j] + p[j];
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const Qi = Q.getQ(i, activeSize);
      let s = G[i];
      for (let j = 0; j < activeSize; j++)
        if (status[j] === FREE) s += alpha[j] * Qi[j];
      G[i] = s;
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const Qi = Q.getQ(i, l);
      const ai = alpha[i];
      for (let j = activeSize; j < l; j++) G[j] = G[j] + ai * Qi[j];
    }
  }
}
function selectWorkingSet(st) {
  const { activeSize, y, G, status, QD, eps } = st;
  let Gmax = -Infinity;
  let Gmax2 = -Infinity;
  let GmaxIdx = -1;
  let GminIdx = -1;
  let objDiffMin = Infinity;
  for (let t = 0; t < activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t] >= Gmax) {
        Gmax = -G[t];
        GmaxIdx = t;
      }
    } else if (status[t] !== LOWER && G[t] >= Gmax) {
      Gmax = G[t];
      GmaxIdx = t;
    }
  }
  const i = GmaxIdx;
  if (i !== -1) {
    const Qi = st.Q.getQ(i, activeSize);
    const QDi = QD[i];
    const yi = y[i];
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j];
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + Gj;
          if (Gj >= Gmax2) Gmax2 = Gj;
          if (gradDiff > 0) {
            const quad = QDi + QD[j] - 2 * yi * Qi[j];
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (status[j] !== UPPER) {
        const gradDiff = Gmax - Gj;
        if (-Gj >= Gmax2) Gmax2 = -Gj;
        if (gradDiff > 0) {
          const quad = QDi + QD[j] + 2 * yi * Qi[j];
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
  } else {
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j];
      if (y[j] === 1) {
        if (status[j] !== LOWER && Gj >= Gmax2) Gmax2 = Gj;
      } else if (status[j] !== UPPER && -Gj >= Gmax2) Gmax2 = -Gj;
    }
  }
  if (Gmax + Gmax2 < eps || GminIdx === -1) return true;
  st.outI = GmaxIdx;
  st.outJ = GminIdx;
  return false;
}
function beShrunk(st, i, Gmax1, Gmax2) {
  const Gi = st.G[i];
  const s = st.status[i];
  if (s === UPPER) return st.y[i] === 1 ? -Gi > Gmax1 : -Gi > Gmax2;
  if (s === LOWER) return st.y[i] === 1 ? Gi > Gmax2 : Gi > Gmax1;
  return false;
}
function doShrinking(st) {
  const { y, G, status } = st;
  let Gmax1 = -Infinity;
  let Gmax2 = -Infinity;
  for (let i = 0; i < st.activeSize; i++) {
    const Gi = G[i];
    if (y[i] === 1) {
      if (status[i] !== UPPER && -Gi >= Gmax1) Gmax1 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax2) Gmax2 = Gi;
    } else {
      if (status[i] !== UPPER && -Gi >= Gmax2) Gmax2 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax1) Gmax1 = Gi;
    }
  }
  if (!st.unshrink && Gmax1 + Gmax2 <= st.eps * 10) {
    st.unshrink = true;
    reconstructGradient(st);
    st.activeSize = st.l;
  }
  for (let i = 0; i < st.activeSize; i++) {
    if (beShrunk(st, i, Gmax1, Gmax2)) {
      st.activeSize--;
      while (st.activeSize > i) {
        if (!beShrunk(st, st.activeSize, Gmax1, Gmax2)) {
          swapIndex(st, i, st.activeSize);
          break;
        }
        st.activeSize--;
      }
    }
  }
}
function solveSmo(Q, p0, y0, C0, alpha0, options) {
  const l = p0.length;
  const st = {
    l,
    Q,
    QD: Q.QD,
    p: Float64Array.from(p0),
    y: Int8Array.from(y0),
    C: Float64Array.from(C0),
    alpha: Float64Array.from(alpha0),
    status: new Uint8Array(l),
    activeSet: new Int32Array(l),
    G: new Float64Array(l),
    Gbar: new Float64Array(l),
    eps: options.eps,
    activeSize: l,
    unshrink: false,
    outI: -1,
    outJ: -1
  };
  const { p, y, C, alpha, status, activeSet, G, Gbar, QD } = st;
  for (let i = 0; i < l; i++) {
    status[i] = statusOf(alpha[i], C[i]);
    activeSet[i] = i;
  }
  for (let i = 0; i < l; i++) G[i] = p[i];
  for (let i = 0; i < l; i++) {
    if (status[i] !== LOWER) {
      const Qi = Q.getQ(i, l);
      const ai = alpha[i];
      for (let j = 0; j < l; j++) G[j] = G[j] + ai * Qi[j];
      if (status[i] === UPPER) {
        const ci = C[i];
        for (let j = 0; j < l; j++) Gbar[j] = Gbar[j] + ci * Qi[j];
      }
    }
  }
  const maxIter = options.maxIter === -1 ? Math.max(1e7, l > 21474836 ? 2147483647 : 100 * l) : options.maxIter;
  let iter = 0;
  let counter = Math.min(l, 1e3) + 1;
  let converged = false;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1e3);
      if (options.shrinking) doShrinking(st);
    }
    if (selectWorkingSet(st)) {
      reconstructGradient(st);
      st.activeSize = l;
      if (selectWorkingSet(st)) {
        converged = true;
        break;
      }
      counter = 1;
    }
    const i = st.outI;
    const j = st.outJ;
    const activeSize = st.activeSize;
    iter++;
    const Qi = Q.getQ(i, activeSize);
    const Qj = Q.getQ(j, activeSize);
    const Ci = C[i];
    const Cj = C[j];
    const oldAi = alpha[i];
    const oldAj = alpha[j];
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i] + QD[j] + 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (-G[i] - G[j]) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = QD[i] + QD[j] - 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (G[i] - G[j]) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dAi = ai - oldAi;
    const dAj = aj - oldAj;
    for (let k = 0; k < activeSize; k++)
      G[k] = G[k] + (Qi[k] * dAi + Qj[k] * dAj);
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    status[i] = statusOf(ai, Ci);
    status[j] = statusOf(aj, Cj);
    if (ui !== (status[i] === UPPER)) {
      const Qf = Q.getQ(i, l);
      const s = ui ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * Qf[k];
    }
    if (uj !== (status[j] === UPPER)) {
      const Qf = Q.getQ(j, l);
      const s = uj ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * Qf[k];
    }
  }
  if (!converged && st.activeSize < l) {
    reconstructGradient(st);
    st.activeSize = l;
  }
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < st.activeSize; i++) {
    const yG = y[i] * G[i];
    if (status[i] === UPPER) {
      if (y[i] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nrFree++;
      sumFree += yG;
    }
  }
  const rho = nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  let v = 0;
  for (let i = 0; i < l; i++) v += alpha[i] * (G[i] + p[i]);
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i]] = alpha[i];
  return { alpha: out, rho, obj: v / 2, iterations: iter, converged };
}
function swapF64(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapI32(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapI8(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapU8(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// src/models/svc/train.ts
function trainBinary(src, prob, opts) {
  const l = prob.rows.length;
  const Q = new SvcQ(src, prob.rows, prob.y, opts.cacheBytes);
  const p = new Float64Array(l).fill(-1);
  const res = solveSmo(Q, p, prob.y, prob.C, new Float64Array(l), {
    eps: opts.tol,
    shrinking: opts.shrinking,
    maxIter: opts.maxIter
  });
  const coef = res.alpha;
  for (let i = 0; i < l; i++) coef[i] = coef[i] * prob.y[i];
  return { coef, rho: res.rho, iterations: res.iterations, converged: res.converged };
}
function binaryDecision(src, train, fit, rows) {
  const sv = [];
  for (let i = 0; i < fit.coef.length; i++) if (fit.coef[i] !== 0) sv.push(i);
  const n = rows.length;
  const out = new Float64Array(n);
  const all = new Int32Array(n + sv.length);
  all.set(rows, 0);
  for (let s = 0; s < sv.length; s++) all[n + s] = train.rows[sv[s]];
  const q = new SvcQ(src, all, new Int8Array(all.length).fill(1), 0);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let t = 0; t < sv.length; t++) s += fit.coef[sv[t]] * q.kernel(r, n + t);
    out[r] = s - fit.rho;
  }
  return out;
}
function binaryProbability(src, prob, opts, rng) {
  const l = prob.rows.length;
  const nrFold = 5;
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  for (let i = 0; i < l; i++) {
    const j = i + rng.int(l - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const dec = new Float64Array(l);
  const sub = { ...opts, probability: false };
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor(f * l / nrFold);
    const end = Math.floor((f + 1) * l / nrFold);
    const m = l - (end - begin);
    const rows = new Int32Array(m);
    const y = new Int8Array(m);
    const C = new Float64Array(m);
    let k = 0;
    let pCount = 0;
    for (let j = 0; j < l; j++) {
      if (j >= begin && j < end) continue;
      const s = perm[j];
      rows[k] = prob.rows[s];
      y[k] = prob.y[s];
      C[k] = prob.C[s];
      if (y[k] === 1) pCount++;
      k++;
    }
    const nCount = m - pCount;
    const held = perm.subarray(begin, end);
    if (pCount === 0 && nCount === 0) for (const s of held) dec[s] = 0;
    else if (pCount > 0 && nCount === 0) for (const s of held) dec[s] = 1;
    else if (pCount === 0 && nCount > 0) for (const s of held) dec[s] = -1;
    else {
      const fold = { rows, y, C };
      const fit = trainBinary(src, fold, sub);
      const heldRows = Int32Array.from(held, (s) => prob.rows[s]);
      const d = binaryDecision(src, fold, fit, heldRows);
      for (let t = 0; t < held.length; t++) dec[held[t]] = d[t];
    }
  }
  const positive = Uint8Array.from(prob.y, (v) => v === 1 ? 1 : 0);
  return sigmoidTrain(dec, positive);
}
function trainPair(src, job, opts) {
  const prob = { rows: job.rows, y: job.y, C: job.C };
  let probA = 0;
  let probB = 0;
  if (opts.probability) {
    const ab = binaryProbability(src, prob, opts, new Rng(opts.seed * 7919 + job.pair >>> 0));
    probA = ab.A;
    probB = ab.B;
  }
  const fit = trainBinary(src, prob, opts);
  return {
    pair: job.pair,
    coef: fit.coef,
    rho: fit.rho,
    iterations: fit.iterations,
    converged: fit.converged,
    probA,
    probB
  };
}
async function trainOvo(makeSource, y, k, C, opts, runner) {
  const n = y.length;
  const count = new Int32Array(k);
  for (let i = 0; i < n; i++) count[y[i]]++;
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1] + count[c - 1];
  const perm = new Int32Array(n);
  const fillPos = Int32Array.from(start);
  for (let i = 0; i < n; i++) perm[fillPos[y[i]]++] = i;
  const nPairs = k * (k - 1) / 2;
  const pairSamples = [];
  const jobs = [];
  const results = new Array(nPairs);
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const ci = count[i];
      const cj = count[j];
      const samples = new Int32Array(ci + cj);
      samples.set(perm.subarray(start[i], start[i] + ci), 0);
      samples.set(perm.subarray(start[j], start[j] + cj), ci);
      pairSamples.push(samples);
      const yb = new Int8Array(ci + cj);
      yb.fill(1, 0, ci);
      yb.fill(-1, ci);
      const Cb = Float64Array.from(samples, (s) => C[s]);
      if (runner) jobs.push({ pair: p, rows: samples, y: yb, C: Cb });
      else {
        const { src, rows } = await makeSource(samples);
        results[p] = trainPair(src, { pair: p, rows, y: yb, C: Cb }, opts);
      }
      p++;
    }
  }
  if (runner) for (const r of await runner(jobs)) results[r.pair] = r;
  const nonzero = new Uint8Array(n);
  const rho = new Float64Array(nPairs);
  const iterations = new Int32Array(nPairs);
  const probA = opts.probability ? new Float64Array(nPairs) : null;
  const probB = opts.probability ? new Float64Array(nPairs) : null;
  let converged = true;
  for (let q = 0; q < nPairs; q++) {
    const r = results[q];
    rho[q] = r.rho;
    iterations[q] = r.iterations;
    if (probA && probB) {
      probA[q] = r.probA;
      probB[q] = r.probB;
    }
    if (!r.converged) converged = false;
    const samples = pairSamples[q];
    for (let t = 0; t < samples.length; t++) if (r.coef[t] !== 0) nonzero[samples[t]] = 1;
  }
  const nSupport = new Int32Array(k);
  const svPos = new Int32Array(n).fill(-1);
  const support = [];
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < count[c]; t++) {
      const s = perm[start[c] + t];
      if (nonzero[s]) {
        svPos[s] = support.length;
        support.push(s);
        nSupport[c]++;
      }
    }
  }
  const nSV = support.length;
  const svCoef = new Float64Array(Math.max(k - 1, 1) * nSV);
  p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const coef = results[p].coef;
      const ci = count[i];
      const cj = count[j];
      for (let t = 0; t < ci; t++) {
        const s = perm[start[i] + t];
        if (nonzero[s]) svCoef[(j - 1) * nSV + svPos[s]] = coef[t];
      }
      for (let t = 0; t < cj; t++) {
        const s = perm[start[j] + t];
        if (nonzero[s]) svCoef[i * nSV + svPos[s]] = coef[ci + t];
      }
      p++;
    }
  }
  return {
    support: Int32Array.from(support),
    nSupport,
    svCoef,
    rho,
    probA,
    probB,
    iterations,
    converged
  };
}

// src/models/svc/svc.ts
var SVC_PARAM_SPECS = [
  {
    name: "C",
    type: "float",
    default: 1,
    min: 0,
    minExclusive: true,
    description: "Regularization: the penalty on margin violations (larger C = less regularization)."
  },
  {
    name: "kernel",
    type: "string",
    default: "rbf",
    options: ["linear", "poly", "rbf", "sigmoid", "precomputed"],
    description: "Kernel: linear x.z, poly (gamma x.z + coef0)^degree, rbf exp(-gamma |x-z|^2), sigmoid tanh(gamma x.z + coef0), or 'precomputed' (X is a Gram matrix)."
  },
  {
    name: "degree",
    type: "int",
    default: 3,
    min: 0,
    description: "Degree of the 'poly' kernel (ignored by the others)."
  },
  {
    name: "gamma",
    type: "float",
    default: "scale",
    min: 0,
    minExclusive: true,
    options: ["scale", "auto"],
    description: "Kernel coefficient of rbf/poly/sigmoid: 'scale' = 1 / (nFeatures * X.var()), 'auto' = 1 / nFeatures, or a number > 0."
  },
  {
    name: "coef0",
    type: "float",
    default: 0,
    description: "Independent term of the 'poly' and 'sigmoid' kernels."
  },
  {
    name: "shrinking",
    type: "bool",
    default: true,
    description: "Use the shrinking heuristic of libsvm (same solution, usually faster)."
  },
  {
    name: "probability",
    type: "bool",
    default: false,
    description: "Fit Platt probabilities (internal 5-fold cross-validation, about 5x slower fit); predict then returns the argmax of predictProba."
  },
  {
    name: "tol",
    type: "float",
    default: 1e-3,
    min: 0,
    minExclusive: true,
    description: "Stopping tolerance of SMO (maximal KKT violation)."
  },
  {
    name: "cacheSize",
    type: "float",
    default: 200,
    min: 0,
    minExclusive: true,
    description: "Kernel cache size in MB."
  },
  {
    name: "classWeight",
    type: "object",
    default: null,
    nullable: true,
    options: ["balanced"],
    description: "Per-class multiplier of C: null (all 1), 'balanced' (n / (nClasses * count)) or an object {label: weight}."
  },
  {
    name: "maxIter",
    type: "int",
    default: -1,
    min: -1,
    description: "Cap on SMO iterations per binary problem; -1 means no limit."
  },
  {
    name: "decisionFunctionShape",
    type: "string",
    default: "ovr",
    options: ["ovr", "ovo"],
    description: "Shape of decisionFunction: 'ovr' (n x nClasses, votes + confidences) or 'ovo' (n x nClasses(nClasses-1)/2)."
  },
  {
    name: "breakTies",
    type: "bool",
    default: false,
    description: "With 'ovr' and more than 2 classes, predict by the argmax of the decision function instead of the vote."
  },
  {
    name: "seed",
    type: "int",
    default: 0,
    min: 0,
    description: "Seed of the probability cross-validation folds."
  },
  {
    name: "nJobs",
    type: "int",
    default: 0,
    min: 0,
    description: "Worker threads solving the one-vs-one pairs in parallel (the model is identical for any value): 0 = auto (all cores from 2000 samples and 3 classes up), 1 = this thread."
  }
];
var PREDICT_CHUNK = 1024;
var AUTO_PARALLEL_MIN = 2e3;
var SVC = class extends Classifier {
  name = "SVC";
  paramSpecs = SVC_PARAM_SPECS;
  supportedDevices = DEVICE_NAMES;
  /** Training-row indices of the support vectors, grouped by class. */
  support = new Int32Array(0);
  /** The support vectors (nSV x nFeatures); 0 columns for the precomputed kernel. */
  supportVectors = { rows: 0, cols: 0, data: new Float64Array(0) };
  /** Support vectors per class. */
  nSupport = new Int32Array(0);
  /** (nClasses-1) x nSV dual coefficients y_i alpha_i, scikit-learn's layout and sign. */
  dualCoef = { rows: 0, cols: 0, data: new Float64Array(0) };
  /** One intercept per pair of classes (scikit-learn's sign). */
  intercept = new Float64Array(0);
  /** Platt sigmoid parameters per pair (probability: true). */
  probA = null;
  probB = null;
  /** SMO iterations per pair. */
  nIter = new Int32Array(0);
  /** false when maxIter stopped some binary problem before the tolerance was met. */
  converged = false;
  /** The gamma actually used (resolved 'scale'/'auto'). */
  fittedGamma = 0;
  /** C multiplier per class. */
  classWeight = new Float64Array(0);
  model = null;
  spec = null;
  pendingClasses = null;
  constructor(params = {}) {
    super(params);
  }
  async fit(data, yOrTraining, loss, optimizer, logger) {
    this.pendingClasses = fitClasses(data, yOrTraining);
    try {
      return await super.fit(data, yOrTraining, loss, optimizer, logger);
    } finally {
      this.pendingClasses = null;
    }
  }
  /** Linear kernel only: the primal weights (nPairs x nFeatures), scikit-learn's coef_. */
  get coef() {
    const P = this.getParams();
    if (P.kernel !== "linear" || !this.model) {
      throw new ParamError(
        "kernel",
        P.kernel,
        "'linear' (coef is only defined for the linear kernel, after fit)",
        this.name
      );
    }
    const k = this.classes.length;
    const d = this.nFeatures;
    const nPairs = this.model.rho.length;
    const { nSupport, svCoef } = this.model;
    const sv = this.supportVectors.data;
    const nSV = this.support.length;
    const start = new Int32Array(k);
    for (let c = 1; c < k; c++) start[c] = start[c - 1] + nSupport[c - 1];
    const out = new Float64Array(nPairs * d);
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const add = (cls, row) => {
          for (let t = 0; t < nSupport[cls]; t++) {
            const s = start[cls] + t;
            const c = svCoef[row * nSV + s];
            for (let f = 0; f < d; f++) out[p * d + f] += c * sv[s * d + f];
          }
        };
        add(i, j - 1);
        add(j, i);
        p++;
      }
    }
    if (k === 2) for (let f = 0; f < d; f++) out[f] = -out[f];
    return { rows: nPairs, cols: d, data: out };
  }
  fitEncoded(X, y, k, ctx) {
    return this.fitCore(X, y, k, ctx);
  }
  async fitCore(X, y, k, ctx) {
    const P = this.getParams();
    if (P.breakTies && P.decisionFunctionShape === "ovo") {
      throw new ParamError("breakTies", true, "false when decisionFunctionShape is 'ovo'", this.name);
    }
    if (P.kernel === "precomputed" && X.rows !== X.cols) {
      throw new DataError(
        `SVC(kernel='precomputed'): X must be the square Gram matrix of the training set, got ${X.rows}x${X.cols}`
      );
    }
    const gamma = resolveGamma(P.gamma, X);
    const spec = { kernel: P.kernel, gamma, degree: P.degree, coef0: P.coef0 };
    const cw = resolveClassWeight(P.classWeight, y, k, this.pendingClasses, this.name);
    const C = Float64Array.from(y, (c) => P.C * cw[c]);
    const cacheBytes = P.cacheSize * 1024 * 1024;
    const backend = ctx.backend;
    const useDevice = backend.name !== "cpu" && P.kernel !== "precomputed";
    const makeSource = async (samples) => {
      if (P.kernel === "precomputed") return { src: { kind: "gram", K: X.data, n: X.rows }, rows: samples };
      const m = samples.length;
      if (useDevice && m * m * 4 <= cacheBytes) {
        const sub = takeRows(X, samples);
        const K = Float32Array.from(await kernelBlock(backend, spec, sub, sub));
        return { src: { kind: "gram", K, n: m }, rows: Int32Array.from({ length: m }, (_, i) => i) };
      }
      return { src: { kind: "features", X: X.data, d: X.cols, spec }, rows: samples };
    };
    const opts = {
      tol: P.tol,
      shrinking: P.shrinking,
      maxIter: P.maxIter,
      cacheBytes,
      probability: P.probability,
      seed: P.seed
    };
    const nPairs = k * (k - 1) / 2;
    const nJobs = Math.min(
      nPairs,
      P.nJobs === 0 ? X.rows >= AUTO_PARALLEL_MIN ? availableParallelism() : 1 : P.nJobs
    );
    const runner = nJobs > 1 && !useDevice && P.kernel !== "precomputed" ? (jobs) => runPairsOnWorkers({ kind: "features", X: X.data, d: X.cols, spec }, opts, jobs, nJobs) : void 0;
    const model = await trainOvo(makeSource, y, k, C, opts, runner);
    if (!model.converged) {
      ctx.logger?.({
        iteration: Math.max(...model.iterations),
        message: "SVC: maxIter reached before the tolerance was met"
      });
    }
    this.spec = spec;
    this.setModel(model, P.kernel === "precomputed" ? null : takeRows(X, model.support), X.cols, cw);
  }
  setModel(model, sv, nFeatures, cw) {
    const k = model.nSupport.length;
    const nSV = model.support.length;
    this.model = model;
    this.support = model.support;
    this.supportVectors = sv ?? { rows: nSV, cols: 0, data: new Float64Array(0) };
    void nFeatures;
    this.nSupport = model.nSupport;
    const flip = k === 2 ? -1 : 1;
    this.dualCoef = { rows: Math.max(k - 1, 1), cols: nSV, data: model.svCoef.map((v) => flip * v) };
    this.intercept = model.rho.map((r) => -flip * r);
    this.probA = model.probA;
    this.probB = model.probB;
    this.nIter = model.iterations;
    this.converged = model.converged;
    this.fittedGamma = this.spec.gamma;
    this.classWeight = cw;
  }
  /** libsvm's pairwise decision values for X (chunked; kernel block through the backend off-cpu). */
  async pairwise(X) {
    const model = this.model;
    const spec = this.spec;
    const k = model.nSupport.length;
    const nPairs = model.rho.length;
    const out = new Float64Array(X.rows * nPairs);
    const backend = this.device === "cpu" ? null : await this.getBackendInstance();
    const sv = spec.kernel === "precomputed" ? null : this.supportVectors;
    for (let r = 0; r < X.rows; r += PREDICT_CHUNK) {
      const e = Math.min(X.rows, r + PREDICT_CHUNK);
      const part = { rows: e - r, cols: X.cols, data: X.data.subarray(r * X.cols, e * X.cols) };
      const Kb = await kernelBlock(backend, spec, part, sv, model.support);
      out.set(pairwiseDecision(Kb, e - r, k, model.nSupport, model.svCoef, model.rho), r * nPairs);
    }
    return out;
  }
  /**
   * Decision function (scikit-learn's conventions): 2 classes -> n x 1 (> 0 means classes[1]);
   * otherwise 'ovo' -> n x nPairs (> 0 favours the pair's first class), 'ovr' -> n x nClasses.
   */
  async decisionFunction(X) {
    const m = this.checkInput(X);
    const dec = await this.pairwise(m);
    const k = this.classes.length;
    if (k === 2) return { rows: m.rows, cols: 1, data: dec.map((v) => -v) };
    if (this.getParams().decisionFunctionShape === "ovo")
      return { rows: m.rows, cols: dec.length / m.rows, data: dec };
    return { rows: m.rows, cols: k, data: ovrDecision(dec, m.rows, k) };
  }
  async predictEncoded(X) {
    const P = this.getParams();
    const k = this.classes.length;
    if (P.probability) return super.predictEncoded(X);
    const dec = await this.pairwise(X);
    if (P.breakTies && k > 2) {
      const ovr = ovrDecision(dec, X.rows, k);
      const out = new Int32Array(X.rows);
      for (let r = 0; r < X.rows; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (ovr[r * k + c] > ovr[r * k + best]) best = c;
        out[r] = best;
      }
      return out;
    }
    return vote(dec, X.rows, k);
  }
  async predictProbaEncoded(X) {
    const model = this.model;
    if (!model.probA || !model.probB) {
      throw new ParamError(
        "probability",
        false,
        "true (predictProba needs an SVC fitted with probability: true)",
        this.name
      );
    }
    const k = this.classes.length;
    const dec = await this.pairwise(X);
    return { rows: X.rows, cols: k, data: coupledProbabilities(dec, X.rows, k, model.probA, model.probB) };
  }
  getState() {
    const m = this.model;
    const s = this.spec;
    return {
      kernel: s.kernel,
      gamma: s.gamma,
      degree: s.degree,
      coef0: s.coef0,
      support: Array.from(m.support),
      supportVectors: Array.from(this.supportVectors.data),
      nSupport: Array.from(m.nSupport),
      svCoef: Array.from(m.svCoef),
      rho: Array.from(m.rho),
      probA: m.probA ? Array.from(m.probA) : null,
      probB: m.probB ? Array.from(m.probB) : null,
      nIter: Array.from(m.iterations),
      converged: m.converged,
      classWeight: Array.from(this.classWeight)
    };
  }
  setState(state) {
    this.spec = { kernel: state.kernel, gamma: state.gamma, degree: state.degree, coef0: state.coef0 };
    const support = Int32Array.from(state.support);
    const model = {
      support,
      nSupport: Int32Array.from(state.nSupport),
      svCoef: Float64Array.from(state.svCoef),
      rho: Float64Array.from(state.rho),
      probA: state.probA ? Float64Array.from(state.probA) : null,
      probB: state.probB ? Float64Array.from(state.probB) : null,
      iterations: Int32Array.from(state.nIter),
      converged: state.converged
    };
    const sv = state.kernel === "precomputed" ? null : { rows: support.length, cols: this.nFeatures, data: Float64Array.from(state.supportVectors) };
    this.setModel(model, sv, this.nFeatures, Float64Array.from(state.classWeight));
  }
};
function resolveGamma(gamma, X) {
  if (typeof gamma === "number") return gamma;
  if (gamma === "auto") return 1 / X.cols;
  const d = X.data;
  let mean = 0;
  for (let i = 0; i < d.length; i++) mean += d[i];
  mean /= d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i] - mean) * (d[i] - mean);
  v /= d.length;
  return v !== 0 ? 1 / (X.cols * v) : 1;
}

// src/models/linear-svc/linear-svc.ts
init_errors();

// src/losses/margin.ts
init_errors();
function outputsFor(nClasses) {
  return nClasses === 2 ? 1 : nClasses;
}
async function marginValueAndGrad(backend, w, batch, l2, phi, withGrad) {
  const [n, d] = batch.X.shape;
  const k = outputsFor(batch.nClasses);
  if (w.length !== k * (d + 1)) {
    throw new ShapeError(
      `margin loss: parameters have ${w.length} values, expected ${k}x${d} weights + ${k} intercepts = ${k * (d + 1)}`
    );
  }
  const tw = backend.fromArray(w.subarray(0, k * d), [k, d]);
  const ts = backend.matmul(batch.X, tw, { transposeB: true });
  const scores = await backend.toArray(ts);
  backend.dispose([tw, ts]);
  const coef = new Float64Array(n * k);
  const gb = new Float64Array(k);
  const tmp = new Float64Array(2);
  const sw = batch.sampleWeight;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const yi = batch.y[i];
    const si = sw ? sw[i] : 1;
    for (let c = 0; c < k; c++) {
      const target = k === 1 ? yi === 1 ? 1 : -1 : yi === c ? 1 : -1;
      const f = scores[i * k + c] + w[k * d + c];
      phi(target * f, tmp);
      value += si * tmp[0];
      const g = si * target * tmp[1];
      coef[i * k + c] = g;
      gb[c] = gb[c] + g;
    }
  }
  const invN = n > 0 ? 1 / n : 0;
  value *= invN;
  let reg = 0;
  for (let j = 0; j < k * d; j++) reg += w[j] * w[j];
  value += 0.5 * l2 * reg;
  const grad = new Float64Array(w.length);
  if (!withGrad) return { value, grad };
  const tc = backend.fromArray(coef, [n, k]);
  const tg = backend.matmul(tc, batch.X, { transposeA: true });
  const gw = await backend.toArray(tg);
  backend.dispose([tc, tg]);
  for (let j = 0; j < k * d; j++) grad[j] = gw[j] * invN + l2 * w[j];
  for (let c = 0; c < k; c++) grad[k * d + c] = gb[c] * invN;
  return { value, grad };
}

// src/losses/hinge.ts
function hinge(z, out) {
  if (z < 1) {
    out[0] = 1 - z;
    out[1] = -1;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
}
var HingeLoss = class {
  name = "hinge";
  l2;
  constructor(options = {}) {
    this.l2 = options.l2 ?? 0;
  }
  valueAndGrad(backend, w, batch) {
    return marginValueAndGrad(backend, w, batch, this.l2, hinge, true);
  }
  async value(backend, w, batch) {
    return (await marginValueAndGrad(backend, w, batch, this.l2, hinge, false)).value;
  }
};

// src/losses/squared-hinge.ts
function squaredHinge(z, out) {
  if (z < 1) {
    const m = 1 - z;
    out[0] = m * m;
    out[1] = -2 * m;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
}
var SquaredHingeLoss = class {
  name = "squared_hinge";
  l2;
  constructor(options = {}) {
    this.l2 = options.l2 ?? 0;
  }
  valueAndGrad(backend, w, batch) {
    return marginValueAndGrad(backend, w, batch, this.l2, squaredHinge, true);
  }
  async value(backend, w, batch) {
    return (await marginValueAndGrad(backend, w, batch, this.l2, squaredHinge, false)).value;
  }
};

// src/models/linear-svc/dual-cd.ts
function solveDualCd(prob, loss, eps, maxIter, rng) {
  const { X, n, D, y, C } = prob;
  const w = new Float64Array(D);
  const alpha = new Float64Array(n);
  const QD = new Float64Array(n);
  const diag = new Float64Array(n);
  const ub = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ci = C[i];
    if (loss === "hinge") {
      diag[i] = 0;
      ub[i] = ci;
    } else {
      diag[i] = 0.5 / ci;
      ub[i] = Infinity;
    }
    let s = diag[i];
    const o = i * D;
    for (let k = 0; k < D; k++) s += X[o + k] * X[o + k];
    QD[i] = s;
    index[i] = i;
  }
  let activeSize = n;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let i = 0; i < activeSize; i++) {
      const j = i + rng.int(activeSize - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const yi = y[i];
      const o = i * D;
      let dot = 0;
      for (let k = 0; k < D; k++) dot += w[k] * X[o + k];
      const ai = alpha[i];
      const Ci = ub[i];
      const G = yi * dot - 1 + ai * diag[i];
      let PG = 0;
      if (ai === 0) {
        if (G > PGmaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
        if (G < 0) PG = G;
      } else if (ai === Ci) {
        if (G < PGminOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
        if (G > 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const an = Math.min(Math.max(ai - G / QD[i], 0), Ci);
        alpha[i] = an;
        const d = (an - ai) * yi;
        for (let k = 0; k < D; k++) w[k] = w[k] + d * X[o + k];
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === n) {
        converged = true;
        break;
      }
      activeSize = n;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  return { w, iterations: iter, converged };
}

// src/models/linear-svc/primal-newton.ts
var DENSE_MAX = 128;
function solvePrimalNewton(prob, eps, maxIter) {
  const { X, n, D, y, C } = prob;
  const w = new Float64Array(D);
  const z = new Float64Array(n);
  const g = new Float64Array(D);
  const s = new Float64Array(D);
  const r = new Float64Array(D);
  const dvec = new Float64Array(D);
  const Hd = new Float64Array(D);
  const active = new Int32Array(n);
  const wNew = new Float64Array(D);
  const zNew = new Float64Array(n);
  const Xs = new Float64Array(n);
  const H = D <= DENSE_MAX ? new Float64Array(D * D) : new Float64Array(0);
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const objective = (zz, ww) => {
    let f2 = 0;
    for (let k = 0; k < D; k++) f2 += ww[k] * ww[k];
    f2 *= 0.5;
    for (let i = 0; i < n; i++) {
      const m = 1 - zz[i];
      if (m > 0) f2 += C[i] * m * m;
    }
    return f2;
  };
  const gradient = () => {
    g.set(w);
    let na2 = 0;
    for (let i = 0; i < n; i++) {
      const m = 1 - z[i];
      if (m > 0) {
        active[na2++] = i;
        const c = -2 * C[i] * m * y[i];
        const o = i * D;
        for (let k = 0; k < D; k++) g[k] = g[k] + c * X[o + k];
      }
    }
    return na2;
  };
  const norm = (v) => {
    let t = 0;
    for (let k = 0; k < D; k++) t += v[k] * v[k];
    return Math.sqrt(t);
  };
  let f = objective(z, w);
  let na = gradient();
  const gnorm0 = norm(g);
  const stop = eps * Math.max(Math.min(pos, n - pos), 1) / n;
  let iter = 0;
  let converged = norm(g) <= stop * gnorm0;
  while (!converged && iter < maxIter) {
    if (D <= DENSE_MAX) newtonDirectionDense(X, D, C, active, na, g, s, H);
    else {
      s.fill(0);
      let rTr = 0;
      for (let k = 0; k < D; k++) {
        r[k] = -g[k];
        dvec[k] = r[k];
        rTr += r[k] * r[k];
      }
      const cgTol = 1e-4 * Math.sqrt(rTr);
      for (let cg = 0; cg < D && Math.sqrt(rTr) > cgTol; cg++) {
        Hd.set(dvec);
        for (let t = 0; t < na; t++) {
          const i = active[t];
          const o = i * D;
          let xd = 0;
          for (let k = 0; k < D; k++) xd += X[o + k] * dvec[k];
          const c = 2 * C[i] * xd;
          for (let k = 0; k < D; k++) Hd[k] = Hd[k] + c * X[o + k];
        }
        let dHd = 0;
        for (let k = 0; k < D; k++) dHd += dvec[k] * Hd[k];
        const a = rTr / dHd;
        let rTrNew = 0;
        for (let k = 0; k < D; k++) {
          s[k] = s[k] + a * dvec[k];
          r[k] = r[k] - a * Hd[k];
          rTrNew += r[k] * r[k];
        }
        const beta = rTrNew / rTr;
        rTr = rTrNew;
        for (let k = 0; k < D; k++) dvec[k] = r[k] + beta * dvec[k];
      }
    }
    let gs = 0;
    for (let k = 0; k < D; k++) gs += g[k] * s[k];
    for (let i = 0; i < n; i++) {
      const o = i * D;
      let t = 0;
      for (let k = 0; k < D; k++) t += X[o + k] * s[k];
      Xs[i] = y[i] * t;
    }
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < D; k++) wNew[k] = w[k] + step * s[k];
      for (let i = 0; i < n; i++) zNew[i] = z[i] + step * Xs[i];
      const fNew = objective(zNew, wNew);
      if (fNew <= f + 0.01 * step * gs) {
        w.set(wNew);
        z.set(zNew);
        f = fNew;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iter++;
    na = gradient();
    if (norm(g) <= stop * gnorm0) converged = true;
    if (!accepted) break;
  }
  return { w, iterations: iter, converged };
}
function newtonDirectionDense(X, D, C, active, na, g, s, H) {
  H.fill(0);
  for (let t = 0; t < na; t++) {
    const i = active[t];
    const o = i * D;
    const c = 2 * C[i];
    for (let a = 0; a < D; a++) {
      const v = c * X[o + a];
      if (v === 0) continue;
      const ro = a * D;
      for (let b = 0; b <= a; b++) H[ro + b] = H[ro + b] + v * X[o + b];
    }
  }
  for (let a = 0; a < D; a++) H[a * D + a] = H[a * D + a] + 1;
  for (let j = 0; j < D; j++) {
    let dj = H[j * D + j];
    for (let k = 0; k < j; k++) dj -= H[j * D + k] * H[j * D + k];
    const ljj = Math.sqrt(dj);
    H[j * D + j] = ljj;
    for (let i = j + 1; i < D; i++) {
      let v = H[i * D + j];
      for (let k = 0; k < j; k++) v -= H[i * D + k] * H[j * D + k];
      H[i * D + j] = v / ljj;
    }
  }
  for (let i = 0; i < D; i++) {
    let v = -g[i];
    for (let k = 0; k < i; k++) v -= H[i * D + k] * s[k];
    s[i] = v / H[i * D + i];
  }
  for (let i = D - 1; i >= 0; i--) {
    let v = s[i];
    for (let k = i + 1; k < D; k++) v -= H[k * D + i] * s[k];
    s[i] = v / H[i * D + i];
  }
}

// src/models/linear-svc/sgd.ts
async function solveSgd(backend, loss, prob, opts, rng, onEpoch) {
  const { X, n, d } = prob;
  const k = prob.nClasses === 2 ? 1 : prob.nClasses;
  const w = new Float64Array(k * (d + 1));
  const avg = new Float64Array(w.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const bs = Math.min(opts.batchSize, n);
  const bx = new Float64Array(bs * d);
  const by = new Int32Array(bs);
  const bw = new Float64Array(bs);
  let t = 0;
  let prev = Infinity;
  let epoch = 0;
  let converged = false;
  let last = Infinity;
  for (; epoch < opts.epochs; epoch++) {
    rng.shuffle(order);
    avg.fill(0);
    let steps = 0;
    let sum = 0;
    for (let start = 0; start < n; start += bs) {
      const m = Math.min(bs, n - start);
      for (let r = 0; r < m; r++) {
        const i = order[start + r];
        bx.set(X.subarray(i * d, i * d + d), r * d);
        by[r] = prob.y[i];
        bw[r] = prob.sampleWeight[i];
      }
      const tx = backend.fromArray(m === bs ? bx : bx.subarray(0, m * d), [m, d]);
      try {
        const { value, grad } = await loss.valueAndGrad(backend, w, {
          X: tx,
          y: m === bs ? by : by.subarray(0, m),
          nClasses: prob.nClasses,
          sampleWeight: m === bs ? bw : bw.subarray(0, m)
        });
        sum += value * m;
        const eta = opts.eta0 / (1 + opts.eta0 * opts.l2 * t);
        for (let j = 0; j < w.length; j++) w[j] = w[j] - eta * grad[j];
        if (opts.l2 > 0 && !lossHasL2(loss)) {
          for (let j = 0; j < k * d; j++) w[j] = w[j] * (1 - eta * opts.l2);
        }
      } finally {
        backend.dispose(tx);
      }
      for (let j = 0; j < w.length; j++) avg[j] = avg[j] + w[j];
      steps++;
      t++;
    }
    last = sum / n;
    for (let j = 0; j < w.length; j++) avg[j] = avg[j] / steps;
    onEpoch?.(epoch, last);
    if (Math.abs(prev - last) <= opts.tol * Math.max(1, Math.abs(last))) {
      converged = true;
      epoch++;
      break;
    }
    prev = last;
  }
  return { w: avg, iterations: epoch, converged, loss: last };
}
function lossHasL2(loss) {
  return typeof loss.l2 === "number";
}

// src/models/linear-svc/linear-svc.ts
var LINEAR_SVC_PARAM_SPECS = [
  {
    name: "penalty",
    type: "string",
    default: "l2",
    options: ["l2"],
    description: "Regularization of the weights (L2)."
  },
  {
    name: "loss",
    type: "string",
    default: "squared_hinge",
    options: ["squared_hinge", "hinge"],
    description: "Margin loss: 'squared_hinge' max(0, 1 - y f)^2 (smooth) or 'hinge' max(0, 1 - y f) (standard SVM)."
  },
  {
    name: "dual",
    type: "bool",
    default: "auto",
    options: ["auto"],
    description: "Solve the dual (coordinate descent) or the primal (Newton, squared_hinge only); 'auto' = primal when nSamples > nFeatures and the loss allows it."
  },
  {
    name: "tol",
    type: "float",
    default: 1e-4,
    min: 0,
    minExclusive: true,
    description: "Stopping tolerance (dual: projected-gradient gap; primal: relative gradient norm)."
  },
  {
    name: "C",
    type: "float",
    default: 1,
    min: 0,
    minExclusive: true,
    description: "Regularization: the penalty on margin violations (larger C = less regularization)."
  },
  {
    name: "fitIntercept",
    type: "bool",
    default: true,
    description: "Fit an intercept (as liblinear: an extra feature of value interceptScaling)."
  },
  {
    name: "interceptScaling",
    type: "float",
    default: 1,
    min: 0,
    minExclusive: true,
    description: "Value of the synthetic intercept feature; larger values weaken the regularization of the intercept."
  },
  {
    name: "classWeight",
    type: "object",
    default: null,
    nullable: true,
    options: ["balanced"],
    description: "Per-class multiplier of C: null, 'balanced' (n / (nClasses * count)) or {label: weight} (liblinear one-vs-rest: the weight applies to the positive class)."
  },
  {
    name: "maxIter",
    type: "int",
    default: 1e3,
    min: 1,
    description: "Maximum iterations (dual: epochs; primal: Newton steps; sgd: epochs)."
  },
  {
    name: "solver",
    type: "string",
    default: "cd",
    options: ["cd", "sgd"],
    description: "'cd': liblinear's exact solvers (dual coordinate descent / primal Newton); 'sgd': averaged mini-batch SGD on the loss."
  },
  {
    name: "learningRate",
    type: "float",
    default: 0.1,
    min: 0,
    minExclusive: true,
    description: "Initial step eta0 of the 'sgd' solver."
  },
  {
    name: "batchSize",
    type: "int",
    default: 64,
    min: 1,
    description: "Mini-batch size of the 'sgd' solver."
  },
  {
    name: "seed",
    type: "int",
    default: 0,
    min: 0,
    description: "Seed of the coordinate permutations (cd) or of the batch shuffling (sgd)."
  }
];
var LinearSVC = class extends Classifier {
  name = "LinearSVC";
  paramSpecs = LINEAR_SVC_PARAM_SPECS;
  supportedDevices = DEVICE_NAMES;
  /** Weights, one row per one-vs-rest problem (1 row for two classes: the score of classes[1]). */
  coef = { rows: 0, cols: 0, data: new Float64Array(0) };
  intercept = new Float64Array(0);
  /** Largest number of iterations over the one-vs-rest problems. */
  nIter = 0;
  /** Every problem met the tolerance before maxIter. */
  converged = false;
  /** Whether the dual was solved (false: primal Newton or SGD). */
  dualUsed = true;
  pendingClasses = null;
  constructor(params = {}) {
    super(params);
  }
  async fit(data, yOrTraining, loss, optimizer, logger) {
    this.pendingClasses = fitClasses(data, yOrTraining);
    try {
      return await super.fit(data, yOrTraining, loss, optimizer, logger);
    } finally {
      this.pendingClasses = null;
    }
  }
  async fitEncoded(X, y, k, ctx) {
    const P = this.getParams();
    const cw = resolveClassWeight(P.classWeight, y, k, this.pendingClasses, this.name);
    const n = X.rows;
    const d = X.cols;
    const nOut = k === 2 ? 1 : k;
    const coef = new Float64Array(nOut * d);
    const intercept = new Float64Array(nOut);
    const rng = new Rng(P.seed);
    if (P.solver === "sgd") {
      const custom2 = ctx.loss;
      if (custom2 !== void 0 && (typeof custom2 !== "object" || typeof custom2.valueAndGrad !== "function")) {
        throw new ParamError("loss", custom2, "a Loss object with valueAndGrad(backend, w, batch)", this.name);
      }
      const l2 = 1 / (P.C * n);
      const lossObj = custom2 ?? (P.loss === "hinge" ? new HingeLoss({ l2 }) : new SquaredHingeLoss({ l2 }));
      const res = await solveSgd(
        ctx.backend,
        lossObj,
        { X: X.data, n, d, y, nClasses: k, sampleWeight: Float64Array.from(y, (c) => cw[c]) },
        { epochs: P.maxIter, batchSize: P.batchSize, eta0: P.learningRate, l2, tol: P.tol },
        rng,
        ctx.logger ? (epoch, value) => ctx.logger({ iteration: epoch, loss: value }) : void 0
      );
      coef.set(res.w.subarray(0, nOut * d));
      intercept.set(res.w.subarray(nOut * d));
      this.setFitted(coef, d, intercept, res.iterations, res.converged, false);
      return;
    }
    if (P.loss === "hinge" && P.dual === false) {
      throw new ParamError(
        "dual",
        false,
        "true or 'auto' with loss 'hinge' (liblinear has no primal solver for the L2-regularized hinge loss)",
        this.name
      );
    }
    const D = P.fitIntercept ? d + 1 : d;
    const useDual = P.loss === "hinge" || P.dual === true || P.dual === "auto" && n <= d;
    const Xb = new Float64Array(n * D);
    for (let i = 0; i < n; i++) {
      Xb.set(X.data.subarray(i * d, i * d + d), i * D);
      if (P.fitIntercept) Xb[i * D + d] = P.interceptScaling;
    }
    let nIter = 0;
    let converged = true;
    for (let c = 0; c < nOut; c++) {
      const pos = k === 2 ? 1 : c;
      const yb = new Int8Array(n);
      const Cb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const isPos = y[i] === pos;
        yb[i] = isPos ? 1 : -1;
        Cb[i] = P.C * (isPos ? cw[pos] : k === 2 ? cw[y[i]] : 1);
      }
      const prob = { X: Xb, n, D, y: yb, C: Cb };
      const res = useDual ? solveDualCd(prob, P.loss, P.tol, P.maxIter, rng) : solvePrimalNewton(prob, P.tol, P.maxIter);
      coef.set(res.w.subarray(0, d), c * d);
      intercept[c] = P.fitIntercept ? res.w[d] * P.interceptScaling : 0;
      nIter = Math.max(nIter, res.iterations);
      if (!res.converged) converged = false;
      ctx.logger?.({
        iteration: res.iterations,
        message: `class ${c}: ${res.converged ? "converged" : "maxIter reached"}`
      });
    }
    this.setFitted(coef, d, intercept, nIter, converged, useDual);
  }
  setFitted(coef, d, intercept, nIter, converged, dual) {
    this.coef = { rows: intercept.length, cols: d, data: coef };
    this.intercept = intercept;
    this.nIter = nIter;
    this.converged = converged;
    this.dualUsed = dual;
  }
  /** Scores X W^T + b (n x 1 for two classes, > 0 meaning classes[1]; n x nClasses otherwise). */
  async decisionFunction(X) {
    return this.scores(this.checkInput(X));
  }
  async scores(X) {
    const k = this.intercept.length;
    const d = this.coef.cols;
    let out;
    if (this.device === "cpu") {
      out = new Float64Array(X.rows * k);
      const w = this.coef.data;
      const x = X.data;
      for (let i = 0; i < X.rows; i++) {
        for (let c = 0; c < k; c++) {
          let s = this.intercept[c];
          for (let j = 0; j < d; j++) s += x[i * d + j] * w[c * d + j];
          out[i * k + c] = s;
        }
      }
    } else {
      const be = await this.getBackendInstance();
      const tx = be.fromArray(X.data, [X.rows, d]);
      const tw = be.fromArray(this.coef.data, [k, d]);
      const tb = be.fromArray(this.intercept, [k]);
      const ts = be.matmul(tx, tw, { transposeB: true });
      const tsb = be.add(ts, tb);
      out = await be.toArray(tsb);
      be.dispose([tx, tw, tb, ts, tsb]);
    }
    return { rows: X.rows, cols: k, data: out };
  }
  async predictEncoded(X) {
    const s = await this.scores(X);
    const out = new Int32Array(X.rows);
    const k = s.cols;
    for (let i = 0; i < X.rows; i++) {
      if (k === 1) {
        out[i] = s.data[i] > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (s.data[i * k + c] > s.data[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }
  /**
   * Not calibrated (LinearSVC has no probability model): the logistic of each one-vs-rest score,
   * normalized per row (scikit-learn's `_predict_proba_lr`). Its argmax is always `predict`.
   */
  async predictProbaEncoded(X) {
    const s = await this.scores(X);
    const k = this.classes.length;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      if (s.cols === 1) {
        const p = 1 / (1 + Math.exp(-s.data[i]));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = 1 / (1 + Math.exp(-s.data[i * k + c]));
        out[i * k + c] = p;
        sum += p;
      }
      for (let c = 0; c < k; c++) out[i * k + c] = out[i * k + c] / sum;
    }
    return { rows: X.rows, cols: k, data: out };
  }
  getState() {
    return {
      coef: Array.from(this.coef.data),
      intercept: Array.from(this.intercept),
      nIter: this.nIter,
      converged: this.converged,
      dual: this.dualUsed
    };
  }
  setState(s) {
    this.setFitted(
      Float64Array.from(s.coef),
      this.nFeatures,
      Float64Array.from(s.intercept),
      s.nIter,
      s.converged,
      s.dual
    );
  }
};

// zz-svc-bench/bench.ts
function load2(f) {
  const lines = readFileSync(f, "utf8").trim().split("\n");
  const n = lines.length;
  const d = lines[0].split(",").length - 1;
  const X = new Float64Array(n * d);
  const y = [];
  lines.forEach((l, i) => {
    const v = l.split(",").map(Number);
    for (let j = 0; j < d; j++) X[i * d + j] = v[j];
    y.push(v[d]);
  });
  return { X: { rows: n, cols: d, data: X }, y };
}
async function main() {
  const which = process.argv[2];
  const tr = load2(process.argv[3]), te = load2(process.argv[4]);
  const params = JSON.parse(process.argv[5] ?? "{}");
  const t = performance.now();
  const c0 = process.cpuUsage();
  const m = which === "svc" ? await new SVC(params).fit(tr.X, tr.y) : await new LinearSVC(params).fit(tr.X, tr.y);
  const ft = (performance.now() - t) / 1e3;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const t2 = performance.now();
  const pr = await m.predict(te.X);
  const pt = (performance.now() - t2) / 1e3;
  let c = 0;
  pr.forEach((v, i) => {
    if (v === te.y[i]) c++;
  });
  const extra = m instanceof SVC ? `nSV ${Array.from(m.nSupport)} iter ${Array.from(m.nIter)}` : `nIter ${m.nIter} converged ${m.converged} dual ${m.dualUsed}`;
  console.log(`ours ${which} ${JSON.stringify(params)} fit ${ft.toFixed(3)}s (cpu ${cpu.toFixed(3)}s) predict ${pt.toFixed(3)}s acc ${(c / pr.length).toFixed(4)} ${extra}`);
}
main();
