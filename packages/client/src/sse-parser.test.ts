import { describe, expect, it } from "vitest";
import { createSseParser, type SseMessage } from "./sse-parser";

function parse(chunks: string[]) {
  const msgs: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const p = createSseParser({
    onMessage: (m) => msgs.push(m),
    onComment: (c) => comments.push(c),
    onRetry: (ms) => retries.push(ms),
  });
  for (const c of chunks) p.push(c);
  return { msgs, comments, retries, parser: p };
}

describe("SSE parser", () => {
  it("parses id, event and data of one message", () => {
    const { msgs } = parse(['id: 7\nevent: cell\ndata: {"a":1}\n\n']);
    expect(msgs).toEqual([{ event: "cell", data: '{"a":1}', lastEventId: "7", hasId: true }]);
  });

  it("joins multi-line data with newlines", () => {
    const { msgs } = parse(["data: one\ndata: two\ndata:\ndata:  three\n\n"]);
    expect(msgs[0]?.data).toBe("one\ntwo\n\n three");
    expect(msgs[0]?.event).toBe("message");
  });

  it("handles lines split across chunks at every position", () => {
    const text =
      'id: 41\nevent: cell\ndata: {"x":"y"}\n\n: ping\n\nid: 42\nevent: reset\ndata: {}\n\n';
    for (let i = 1; i < text.length; i++) {
      const { msgs, comments } = parse([text.slice(0, i), text.slice(i)]);
      expect(msgs.map((m) => [m.event, m.lastEventId])).toEqual([
        ["cell", "41"],
        ["reset", "42"],
      ]);
      expect(comments).toEqual(["ping"]);
    }
  });

  it("accepts CRLF and CR line endings, even with CRLF split across chunks", () => {
    const { msgs } = parse(["id: 1\r", "\nevent: cell\r\ndata: a\r\r\n", "data: b\r\n\r\n"]);
    expect(msgs.map((m) => m.data)).toEqual(["a", "b"]);
  });

  it("reports comments and never dispatches them", () => {
    const { msgs, comments } = parse([": ping\n\n:hello\n\n"]);
    expect(msgs).toHaveLength(0);
    expect(comments).toEqual(["ping", "hello"]);
  });

  it("keeps the last id across messages without their own id", () => {
    const { msgs, parser } = parse(["id: 5\ndata: a\n\ndata: b\n\n"]);
    expect(msgs[1]).toMatchObject({ lastEventId: "5", hasId: false });
    expect(parser.lastEventId).toBe("5");
  });

  it("ignores a message with no data, unknown fields, and ids containing NUL", () => {
    const { msgs, parser } = parse(["event: cell\n\nfoo: bar\ndata: x\n\nid: a\0b\ndata: y\n\n"]);
    expect(msgs.map((m) => m.data)).toEqual(["x", "y"]);
    expect(parser.lastEventId).toBe("");
  });

  it("reads retry and strips a leading BOM", () => {
    const { msgs, retries } = parse(["\uFEFFretry: 1200\ndata: z\n\nretry: soon\n\n"]);
    expect(retries).toEqual([1200]);
    expect(msgs[0]?.data).toBe("z");
  });

  it("does not dispatch an unterminated message", () => {
    const { msgs } = parse(["data: pending\n"]);
    expect(msgs).toHaveLength(0);
  });
});
