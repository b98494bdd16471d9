/**
 * What `npm install autolearn` costs a library user: packs this repository (build it first), installs
 * the tarball into a fresh temporary project from the local npm cache, and prints the size of
 * node_modules (like `du -s`) and the install's wall time.
 *
 *   npm run build && npm run install-size            # --prefer-offline: cache first
 *   npm run install-size -- --offline                # cache only (fails if a package is missing)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTarball, pack } from './lib/pack-install.js';

const offline = process.argv.includes('--offline');
const work = mkdtempSync(join(tmpdir(), 'autolearn-pack-'));
try {
  const tarball = pack(work);
  const r = installTarball(tarball, { offline });
  try {
    const mb = r.bytes / 1024 / 1024;
    console.log(`npm install autolearn (library only, ${offline ? '--offline' : '--prefer-offline'}):`);
    console.log(`  size: ${mb.toFixed(1)} MB in node_modules (${r.packages} packages)`);
    console.log(`  time: ${(r.ms / 1000).toFixed(1)} s`);
    if (r.log.trim()) console.log(`  npm said:\n${r.log.trim().replace(/^/gm, '    ')}`);
  } finally {
    rmSync(r.dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
