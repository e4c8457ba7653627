// CPU per JetStream command publish (publishJson: zod check + publish + ack), 64 in flight.
import { connectBus, provisionBus, publishJson } from "@studio/bus";
import { type Command, CommandSchema, Subjects } from "@studio/contracts";
import { startNatsServer } from "../../../test/support/nats-server";

const nats = await startNatsServer();
const bus = await connectBus({ servers: nats.url, name: "pub" });
await provisionBus(bus);
const cmd = (i: number): Command => ({
  type: "cell.run",
  commandId: `ws:req${i}`,
  workspaceId: "ws",
  campaignId: "c",
  campaignVersion: 1,
  by: "u1",
  at: new Date().toISOString(),
  prospectId: `p${i}`,
  stepId: "insight",
  trigger: "click",
});
for (const [label, validate] of [
  ["publishJson (zod check)", true],
  ["js.publish only", false],
] as const) {
  const N = 20_000;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < N; i += 64) {
    await Promise.all(
      Array.from({ length: 64 }, (_, j) => {
        const c = cmd(i + j + (validate ? 0 : N));
        return validate
          ? publishJson(bus, Subjects.command("ws", "c"), CommandSchema, c, { msgId: c.commandId })
          : bus.js.publish(Subjects.command("ws", "c"), JSON.stringify(c), { msgID: c.commandId });
      }),
    );
  }
  const used = process.cpuUsage(cpu);
  console.log(
    `${label}: ${Math.round(N / ((performance.now() - t) / 1000))} /s, ${((used.user + used.system) / N).toFixed(0)} µs CPU each`,
  );
}
await bus.close();
await nats.stop();
