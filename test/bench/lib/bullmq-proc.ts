// The step workers of the BullMQ comparison (p2-bullmq.ts), in their own process like the
// product's: one BullMQ Worker per step queue, concurrency 256, doing the same work as the
// product's step services (local insight and content providers, the JSONL file sink).
// mode "orch": each finished step adds a job to the `completions` queue, consumed by the
// orchestrator worker in the bench process, which adds the next step (the product's shape).
// mode "self": a finished step adds the next step's job itself (BullMQ's fastest shape).
// Usage: tsx bullmq-proc.ts <redisPort> <orch|self> <dataDir> <prefix>
import type { Output, RunMessage, Step } from "@studio/contracts";
import { createProviders, exportPayloadOf } from "@studio/providers";
import { Queue, Worker } from "bullmq";
import { createContentExecutor } from "../../../services/content/src/executor";
import { createInsightExecutor } from "../../../services/insight/src/executor";
import { nextRun, type StepJob } from "./bullmq-dag";

const [port, mode, dataDir, prefix] = process.argv.slice(2);
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
const providers = createProviders({ dataDir: dataDir ?? "/tmp", secrets: () => undefined });
const insight = createInsightExecutor(providers);
const content = createContentExecutor(providers);
const CONCURRENCY = 256;
const signal = new AbortController().signal;

async function execute(run: RunMessage): Promise<Output> {
  if (run.kind === "insight") return (await insight(run, 1, signal)).output;
  if (run.kind === "content") return (await content(run, 1, signal)).output;
  const step = run.step as Extract<Step, { kind: "export" }>;
  const key = `x_${run.prospectId}`;
  await providers.exportTarget(step.config.target).deliver(exportPayloadOf(run), key, signal);
  return {
    target: "file",
    status: "delivered",
    deliveredAt: new Date().toISOString(),
    idempotencyKey: key,
  } as Output;
}

const opts = { removeOnComplete: true, removeOnFail: 1000 };
const queues = new Map<string, Queue>();
const queue = (name: string) => {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection, prefix });
    queues.set(name, q);
  }
  return q;
};
const completions = queue("completions");

for (const kind of ["insight", "content", "export"]) {
  new Worker<StepJob>(
    kind,
    async (job) => {
      const output = await execute(job.data.run);
      if (mode === "orch") {
        await completions.add("done", { ...job.data, output }, opts);
      } else {
        const next = nextRun(job.data, output);
        if (next)
          await queue(next.kind).add(
            next.kind,
            { run: next, campaign: job.data.campaign },
            { ...opts, jobId: next.runId },
          );
        else await completions.add("done", { ...job.data, output }, opts);
      }
      return "ok";
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
}
process.send?.("ready");
