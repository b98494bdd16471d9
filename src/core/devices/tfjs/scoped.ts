/** Composed kernels' temporaries: everything `body` tracks with `t` is disposed when it settles. */
import type { Backend, Tensor } from '../../backend.js';

export async function scoped<T>(
  backend: Backend,
  body: (t: (x: Tensor) => Tensor) => Promise<T>,
): Promise<T> {
  const tmp: Tensor[] = [];
  try {
    return await body((x) => {
      tmp.push(x);
      return x;
    });
  } finally {
    backend.dispose(tmp);
  }
}
