// Commands to the orchestrator: validated, published with deterministic msg ids (JetStream drops
// a retried duplicate), and acknowledged to the HTTP client only once stored (ARCHITECTURE §4).
import { type Bus, createPublisher, type Publisher, publishJson } from "@studio/bus";
import { type Command, CommandSchema, Subjects } from "@studio/contracts";
import type { GatewayMetrics } from "../metrics/metrics";

export interface OutgoingCommand {
  command: Command;
  msgId: string;
}

export class CommandPublisher {
  private readonly fanOut: Publisher;

  constructor(
    private readonly bus: Bus,
    private readonly metrics: GatewayMetrics,
  ) {
    // Many publishes in flight for bulk fan-out: ~6x the rate of awaiting each (NATS-NOTES).
    this.fanOut = createPublisher(bus, { maxInFlight: 256 });
  }

  async publish(out: OutgoingCommand, requestId: string): Promise<void> {
    const { command } = out;
    const stop = this.metrics.commandLatency.startTimer({ type: command.type });
    await publishJson(
      this.bus,
      Subjects.command(command.workspaceId, command.campaignId),
      CommandSchema,
      command,
      { msgId: out.msgId, requestId, deadlineMs: 5_000 },
    );
    stop();
  }

  /** Publishes all, many in flight; resolves once every one is stored, or throws the first failure. */
  async publishAll(outs: OutgoingCommand[], requestId: string): Promise<void> {
    const acks = outs.map((out) => {
      const stop = this.metrics.commandLatency.startTimer({ type: out.command.type });
      return this.fanOut
        .publish(
          Subjects.command(out.command.workspaceId, out.command.campaignId),
          CommandSchema,
          out.command,
          { msgId: out.msgId, requestId, deadlineMs: 10_000 },
        )
        .then(() => {
          stop();
        });
    });
    await Promise.all(acks);
  }
}
