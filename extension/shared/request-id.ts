// Client request ids: one per user intent, so a repeated send never doubles the effect (rule 17).
export function newRequestId(): string {
  return `ext-${crypto.randomUUID()}`;
}
