// A cell's output as text: the email as subject + body, insights as a list, exports as status.
// Everything goes through JSX text nodes: generated content is never parsed as HTML (R8).

type Output = Record<string, unknown>;

export function OutputView({ output }: { output: Output | undefined }) {
  if (!output) return <p>No output yet.</p>;
  if (Array.isArray(output.insights)) {
    const list = output.insights as Array<{
      title?: unknown;
      detail?: unknown;
      score?: unknown;
      source?: unknown;
    }>;
    if (list.length === 0) return <p>No insights.</p>;
    return (
      <ol>
        {list.map((i, n) => (
          <li key={n}>
            <strong>{String(i.title ?? "")}</strong>
            {i.detail ? ` — ${String(i.detail)}` : ""}
            {typeof i.score === "number" ? ` (${Math.round(i.score * 100)}%)` : ""}
          </li>
        ))}
      </ol>
    );
  }
  if (typeof output.body === "string") {
    return (
      <div>
        {typeof output.subject === "string" && output.subject && (
          <p>
            <strong>Subject:</strong> {output.subject}
          </p>
        )}
        <pre class="text">{output.body}</pre>
      </div>
    );
  }
  if (typeof output.status === "string") {
    return (
      <p>
        {output.status === "duplicate" ? "Already delivered" : "Delivered"} to{" "}
        {String(output.target)}
        {output.deliveredAt ? ` at ${String(output.deliveredAt)}` : ""}
        {output.externalId ? ` (id ${String(output.externalId)})` : ""}
      </p>
    );
  }
  return <pre class="text">{JSON.stringify(output, null, 2)}</pre>;
}
