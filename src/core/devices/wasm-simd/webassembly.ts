/**
 * The WebAssembly API Node provides, typed here as a module (its @types/node 20 does not declare the
 * global, and the DOM lib would bring the browser's whole world). Only what autolearn uses.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(delta: number): number;
}
export type WasmModule = object;
export type WasmImports = Record<
  string,
  Record<string, WasmMemory | ((...args: number[]) => unknown) | number>
>;
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WebAssemblyApi {
  readonly Memory: { new (d: { initial: number; maximum?: number; shared?: boolean }): WasmMemory };
  readonly Module: { new (bytes: ArrayBufferView | ArrayBuffer): WasmModule };
  readonly Instance: { new (module: WasmModule, imports?: WasmImports): WasmInstance };
  validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
  /** Compiles off the calling thread. */
  compile(bytes: ArrayBufferView | ArrayBuffer): Promise<WasmModule>;
}

/** The runtime's WebAssembly global. */
export const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
