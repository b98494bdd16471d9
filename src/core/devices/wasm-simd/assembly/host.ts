// Functions the host provides (imported from module "host"): V8's own Math functions, so results
// match the TypeScript reference bit for bit where no SIMD version is needed.
export declare function tanh(x: f64): f64;
