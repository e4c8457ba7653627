// One process of the raw JetStream baseline (jetstream-baseline.ts): the same message pattern as
// the product with no state — a worker consumes runs of its kind and publishes started +
// succeeded; the orchestrator consumes results and publishes the next step's run. No KV, no
// engine, no schema checks. Usage: tsx js-baseline-proc.ts <natsUrl> worker <kind> | orch
import { connectBus } from "@studio/bus";

import { KINDS, RESULTS_STREAM, RUNS_STREAM } from "./js-baseline-names";

const [url, role, kind] = process.argv.slice(2);
// connectBus for the same client settings as the services (noAsyncTraces, reconnects).
const { js, jsm } = await connectBus({ servers: url ?? "", name: `baseline-${role}` });
const enc = new TextEncoder();
const dec = new TextDecoder();
const CONCURRENCY = 256;

async function durable(stream: string, name: string, filter: string) {
  await jsm.consumers
    .add(stream, {
      durable_name: name,
      ack_policy: "explicit" as never,
      deliver_policy: "all" as never,
      filter_subject: filter,
      max_ack_pending: 4096,
      ack_wait: 30_000_000_000,
    })
    .catch(() => undefined);
  return js.consumers.get(stream, name);
}

let inFlight = 0;
const waiters: Array<() => void> = [];
const acquire = async () => {
  while (inFlight >= CONCURRENCY) await new Promise<void>((r) => waiters.push(r));
  inFlight++;
};
const release = () => {
  inFlight--;
  waiters.shift()?.();
};

if (role === "worker") {
  const c = await durable(RUNS_STREAM, `w-${kind}`, `base.run.${kind}`);
  const messages = await c.consume({ max_messages: CONCURRENCY });
  process.send?.("ready");
  for await (const m of messages) {
    await acquire();
    void (async () => {
      try {
        const run = JSON.parse(dec.decode(m.data)) as { id: string; p: string; k: string };
        const base = { id: run.id, p: run.p, k: run.k };
        const started = js.publish(
          `base.result.${run.k}`,
          enc.encode(JSON.stringify({ ...base, type: "started" })),
          { msgID: `${run.id}:s` },
        );
        await started;
        await js.publish(
          `base.result.${run.k}`,
          enc.encode(JSON.stringify({ ...base, type: "succeeded", output: "x".repeat(400) })),
          { msgID: `${run.id}:ok` },
        );
        m.ack();
      } finally {
        release();
      }
    })();
  }
} else {
  const c = await durable(RESULTS_STREAM, "orch", "base.result.>");
  const messages = await c.consume({ max_messages: 1024 });
  process.send?.("ready");
  for await (const m of messages) {
    const r = JSON.parse(dec.decode(m.data)) as { id: string; p: string; k: string; type: string };
    const next = KINDS[KINDS.indexOf(r.k as (typeof KINDS)[number]) + 1];
    if (r.type !== "succeeded" || next === undefined) {
      m.ack();
      continue;
    }
    await acquire();
    const id = `${r.p}-${next}`;
    js.publish(
      `base.run.${next}`,
      enc.encode(JSON.stringify({ id, p: r.p, k: next, payload: "y".repeat(400) })),
      { msgID: id },
    ).then(
      () => {
        m.ack();
        release();
      },
      () => {
        m.nak();
        release();
      },
    );
  }
}
