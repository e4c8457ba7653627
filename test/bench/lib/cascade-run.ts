// One cascade run (P1's measurement), shared by p1-cascade and p2-bullmq.
import {
  benchProspect,
  type CascadeStack,
  exportLineCount,
  importProspects,
  STEP_IDS,
  startCascadeStack,
  waitUntil,
} from "./cascade";
import { distribution, int } from "./stats";

export interface CascadeRunOptions {
  label: string;
  orchestratorNodeArgs?: string[];
  timeoutMs?: number;
}

export interface CascadeFigures {
  cellRunsPerSec: number;
  seconds: number;
  steps: Record<string, number[]>;
  next: number[];
  cpu: Record<string, number>;
  lines: number;
}

export async function runCascade(N: number, options: CascadeRunOptions): Promise<CascadeFigures> {
  const stack: CascadeStack = await startCascadeStack({
    orchestratorNodeArgs: options.orchestratorNodeArgs ?? [],
  });
  try {
    const prospects = Array.from({ length: N }, (_, k) => benchProspect(k));
    const obs = stack.observer;
    const exports = obs.succeeded.get("export") as Map<string, number>;
    const cpu0 = stack.cpu();
    const t0 = performance.now();
    await importProspects(stack, prospects);
    const done = await waitUntil(
      () => exports.size >= N,
      () =>
        `${STEP_IDS.map(
          (s) => `${s} ${obs.queued.get(s)?.size}/${obs.succeeded.get(s)?.size}`,
        ).join(", ")} failed ${obs.failed}`,
      options.timeoutMs ?? 600_000,
    );
    const t1 = Math.max(...exports.values());
    const cpu1 = stack.cpu();
    if (!done) throw new Error(`cascade did not finish: ${exports.size}/${N} exports`);
    const seconds = (t1 - t0) / 1000;
    const steps: Record<string, number[]> = {};
    for (const s of STEP_IDS) {
      const q = obs.queued.get(s) as Map<string, number>;
      const ok = obs.succeeded.get(s) as Map<string, number>;
      steps[s] = [...ok].flatMap(([p, at]) => {
        const from = q.get(p);
        return from === undefined ? [] : [at - from];
      });
    }
    const next: number[] = [];
    for (let k = 0; k + 1 < STEP_IDS.length; k++) {
      const ok = obs.succeeded.get(STEP_IDS[k] as string) as Map<string, number>;
      const q = obs.queued.get(STEP_IDS[k + 1] as string) as Map<string, number>;
      for (const [p, at] of ok) {
        const queuedAt = q.get(p);
        if (queuedAt !== undefined) next.push(queuedAt - at);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    const lines = await exportLineCount(stack);
    const cpu: Record<string, number> = {};
    for (const k of Object.keys(cpu1)) cpu[k] = (cpu1[k] ?? 0) - (cpu0[k] ?? 0);
    const figures = { cellRunsPerSec: (3 * N) / seconds, seconds, steps, next, cpu, lines };
    print(N, options.label, figures);
    return figures;
  } finally {
    await stack.stop();
  }
}

function print(N: number, label: string, f: CascadeFigures): void {
  console.log(
    `${label}: ${N} prospects × 3 steps = ${int(3 * N)} cell runs in ${f.seconds.toFixed(2)} s → ${int(f.cellRunsPerSec)} cell runs/s; export lines ${f.lines}/${N} (all done: ${f.lines === N})`,
  );
  for (const s of STEP_IDS)
    console.log(`  step ${s.padEnd(8)} queued → done: ${distribution(f.steps[s] ?? [])}`);
  console.log(`  P4 result stored → next run queued: ${distribution(f.next, 2)}`);
  console.log(
    `  CPU seconds: ${Object.entries(f.cpu)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", ")} (wall ${f.seconds.toFixed(1)} s, 2 cores = ${(2 * f.seconds).toFixed(1)} CPU-s)`,
  );
}
