// Cost of the WebAssembly detector per tri-axial sample against the native one, measured in the same run
// on the same samples (target: WebAssembly <= 3x native per sample).
//
//   node benchmarks/wasm_detector.mjs [--python .venv/bin/python] [--minutes 10] [--repeat 5]
//
// WebAssembly: build/web/tremorlab.mjs (bash scripts/build_web.sh) under this node, a Float64Array pushed in
// blocks. Native: the same C++ Detector through the Python extension (tremorlab.Detector), the same blocks;
// Python's per-call overhead (a few microseconds) is part of the native figure, so blocks of 1,000 frames
// (overhead < 2 %) give the fair ratio; 32-frame blocks are shown for the per-call cost.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const PYTHON = arg("--python", path.join(ROOT, ".venv/bin/python"));
const minutes = Number(arg("--minutes", "10"));
const repeat = Number(arg("--repeat", "5"));
const blocks = [1000, 32, 1];

// 30 s of rest and 30 s of 6 Hz shaking alternating (bouts start and end), Gaussian noise from a seeded PRNG.
const n = Math.round(minutes * 60 * 100);
const x = new Float64Array(3 * n);
let s = 42;
const uniform = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 4294967296;
const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
for (let i = 0; i < n; i++) {
  const t = i / 100;
  const shake = Math.floor(t / 30) % 2 ? 2 * Math.sin(2 * Math.PI * 6 * t) : 0;
  x[3 * i] = 0.3 + shake + 0.05 * gauss();
  x[3 * i + 1] = 0.2 + 0.5 * shake + 0.05 * gauss();
  x[3 * i + 2] = 9.8 + 0.2 * shake + 0.05 * gauss();
}
const file = path.join(ROOT, "build/web/bench_stream.f64");
writeFileSync(file, Buffer.from(x.buffer));

const { loadTremorlab } = await import(pathToFileURL(path.join(ROOT, "build/web/tremorlab.mjs")));
const tl = await loadTremorlab();
function wasmNs(block) {
  const det = new tl.Detector({ fs: 100 });
  let best = Infinity, events = 0;
  for (let r = 0; r < repeat; r++) {
    det.reset();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i += block) events += det.push(x.subarray(3 * i, 3 * Math.min(n, i + block))).length;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  det.dispose();
  return { ns: best, events: events / repeat };
}

const py = `
import sys, time, numpy as np, tremorlab
x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, 3)
n, repeat = len(x), int(sys.argv[2])
for block in map(int, sys.argv[3:]):
    det, best, ev = tremorlab.Detector(fs=100.0), float("inf"), 0
    for _ in range(repeat):
        det.reset()
        t0 = time.perf_counter_ns()
        for i in range(0, n, block):
            ev += len(det.push(x[i:i + block]))
        best = min(best, (time.perf_counter_ns() - t0) / n)
    print(block, best, ev / repeat)
`;
const nativeBlocks = blocks.filter((b) => b >= 32);
const native = Object.fromEntries(
  execFileSync(PYTHON, ["-c", py, file, String(repeat), ...nativeBlocks.map(String)], { encoding: "utf8" })
    .trim().split("\n").map((l) => l.split(" ").map(Number)).map(([b, ns, ev]) => [b, { ns, events: ev }]),
);

console.log(`tremorlab ${tl.version}: detector cost per tri-axial sample, ${minutes} min of 100 Hz, best of ${repeat}`);
console.log(`node ${process.version}; native = the C++ Detector via the Python extension (${PYTHON})`);
console.log("block | WebAssembly ns/sample | native ns/sample | ratio | events (wasm / native)");
for (const b of blocks) {
  const w = wasmNs(b);
  const nat = native[b];
  if (nat && w.events !== nat.events) throw new Error(`block ${b}: ${w.events} events vs ${nat.events} native`);
  console.log(
    `${String(b).padStart(5)} | ${w.ns.toFixed(0).padStart(21)} | ` +
      (nat ? `${nat.ns.toFixed(0).padStart(16)} | ${(w.ns / nat.ns).toFixed(2).padStart(5)}x | ${w.events} / ${nat.events}`
           : `${"-".padStart(16)} |     - | ${w.events}`),
  );
}
