import { readFileSync } from 'node:fs';
import { SVC } from '../src/models/svc/svc.js';
import { LinearSVC } from '../src/models/linear-svc/linear-svc.js';
function load(f: string) { const lines = readFileSync(f,'utf8').trim().split('\n'); const n=lines.length; const d=lines[0]!.split(',').length-1; const X=new Float64Array(n*d); const y:number[]=[]; lines.forEach((l,i)=>{const v=l.split(',').map(Number); for(let j=0;j<d;j++) X[i*d+j]=v[j]!; y.push(v[d]!);}); return {X:{rows:n,cols:d,data:X}, y}; }
async function main() {
  const which = process.argv[2];
  const tr = load(process.argv[3]!), te = load(process.argv[4]!);
  const params = JSON.parse(process.argv[5] ?? '{}');
  const t = performance.now();
  const c0 = process.cpuUsage();
  const m = which === 'svc' ? await new SVC(params).fit(tr.X, tr.y) : await new LinearSVC(params).fit(tr.X, tr.y);
  const ft = (performance.now() - t) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const t2 = performance.now();
  const pr = await m.predict(te.X);
  const pt = (performance.now() - t2) / 1000;
  let c = 0; pr.forEach((v, i) => { if (v === te.y[i]) c++; });
  const extra = m instanceof SVC ? `nSV ${Array.from(m.nSupport)} iter ${Array.from(m.nIter)}` : `nIter ${m.nIter} converged ${m.converged} dual ${m.dualUsed}`;
  console.log(`ours ${which} ${JSON.stringify(params)} fit ${ft.toFixed(3)}s (cpu ${cpu.toFixed(3)}s) predict ${pt.toFixed(3)}s acc ${(c / pr.length).toFixed(4)} ${extra}`);
}
main();
