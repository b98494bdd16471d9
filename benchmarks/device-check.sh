#!/usr/bin/env bash
# One prepared run for the GPU machine (no Node.js, no registry there). Carried with the working tree:
#   .gl/          Debian's Vulkan/GL loaders (apt-get download libvulkan1 libegl1 libglvnd0 ...)
#   .devicekit/   node.xz: this machine's Node 20 binary, xz-compressed
#   tmp/core-device/nm.tar.xz: a trimmed node_modules (tfjs-core, tfjs-backend-cpu/-wasm/-webgpu,
#                 webgpu (Dawn), tsx, vitest, fast-check)
# Usage on the device tool: command "bash benchmarks/device-check.sh", carry [.gl, .devicekit, tmp/core-device]
# What it measures (benchmarks/device-check.ts): op conformance per device, then end-to-end fit and
# predict of the six models on webgpu against the fastest CPU device (cpu, wasm-simd when complete)
# at 100k and 1M rows, and the SVC RBF kernel block. BUDGET (seconds, default 360) stops starting
# new steps; SIZES / MODELS narrow the run (e.g. SIZES=100000 MODELS=GaussianNB,LogisticRegression).
set -uo pipefail
OUT=${OUT:-/tmp/device-out}; mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
mkdir -p /tmp/nodebin && xz -dc .devicekit/node.xz > /tmp/nodebin/node && chmod +x /tmp/nodebin/node
export PATH=/tmp/nodebin:$PATH
[ -d node_modules ] || tar -xJf tmp/core-device/nm.tar.xz -C .
node --version; nvidia-smi -L || true
node --import tsx benchmarks/device-check.ts --budget "${BUDGET:-360}" --sizes "${SIZES:-100000,1000000}" \
  ${MODELS:+--models "$MODELS"} --out "$OUT" 2>&1 | tee "$OUT/device-check.log"
