import type { Cell } from "@studio/contracts";
import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { campaign, cell, email } from "../test-support/data";
import { CellChip } from "./CellChip";

const [insight, content, exp] = campaign.steps as [
  (typeof campaign.steps)[0],
  (typeof campaign.steps)[1],
  (typeof campaign.steps)[2],
];

function chip(step: typeof insight, c: Cell | undefined) {
  const onAction = vi.fn();
  const onOpen = vi.fn();
  const r = render(
    <CellChip
      campaign={campaign}
      step={step}
      cell={c}
      expanded={false}
      onAction={onAction}
      onOpen={onOpen}
    />,
  );
  return { ...r, onAction, onOpen };
}

describe("cell chip labels per SPEC §4", () => {
  it("waiting names the step it waits for", () => {
    chip(content, cell("content", "waiting", { waitingFor: ["insight"] }));
    expect(screen.getByText("Waiting for Insights")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Click to Run/ })).toBeNull();
  });

  it("ready shows Click to Run and runs on click", () => {
    const { onAction } = chip(content, cell("content", "ready"));
    fireEvent.click(screen.getByRole("button", { name: /^Click to Run/ }));
    expect(onAction).toHaveBeenCalledWith("run", false);
  });

  it("a ready export fed by content shows Review + Send, which opens the review", () => {
    const { onAction } = chip(exp, cell("export", "ready"));
    fireEvent.click(screen.getByRole("button", { name: /^Review \+ Send/ }));
    expect(onAction).toHaveBeenCalledWith("run", true);
  });

  it("queued and running show a spinner; running shows the attempt", () => {
    const { container, unmount } = chip(insight, cell("insight", "queued"));
    expect(screen.getByText("Queued")).toBeTruthy();
    expect(container.querySelector(".spin")).toBeTruthy();
    unmount();
    chip(insight, cell("insight", "running", { attempt: 2, maxAttempts: 3 }));
    expect(screen.getByText("Running (attempt 2 of 3)")).toBeTruthy();
  });

  it("done shows the output preview and a Run Again revealed on hover and focus", () => {
    const { container, onAction } = chip(content, cell("content", "done", { output: email }));
    expect(screen.getByText("Ideas for Engines")).toBeTruthy();
    const again = screen.getByRole("button", { name: /^Run Again/ });
    expect(again.className).toContain("reveal");
    expect(container.querySelector(".chip")?.getAttribute("data-state")).toBe("done");
    again.focus();
    fireEvent.click(again);
    expect(onAction).toHaveBeenCalledWith("rerun", false);
  });

  it("a done export says Run Again sends it again", () => {
    chip(
      exp,
      cell("export", "done", {
        output: { target: "file", status: "delivered", deliveredAt: "x", idempotencyKey: "k" },
      }),
    );
    expect(screen.getByRole("button", { name: /Run Again.*sends the export again/ })).toBeTruthy();
    expect(screen.getByText("Delivered to file")).toBeTruthy();
  });

  it("failed shows the message and Retry", () => {
    const { onAction } = chip(
      insight,
      cell("insight", "failed", {
        error: { code: "provider_error", message: "Provider said 503", retryable: true },
      }),
    );
    expect(screen.getByText("Failed")).toBeTruthy();
    expect(screen.getByText("Provider said 503")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /^Retry/ }));
    expect(onAction).toHaveBeenCalledWith("rerun", false);
  });

  it("stale shows the output marked outdated with Run Again (not hidden)", () => {
    chip(content, cell("content", "stale", { output: email }));
    expect(screen.getByText("outdated")).toBeTruthy();
    expect(screen.getByText("Ideas for Engines")).toBeTruthy();
    expect(screen.getByRole("button", { name: /^Run Again/ }).className).not.toContain("reveal");
  });

  it("skipped names the condition", () => {
    const step = { ...insight, runIf: { field: "title", op: "contains" as const, value: "VP" } };
    chip(step, cell("insight", "skipped"));
    expect(screen.getByText('Skipped: title contains "VP"')).toBeTruthy();
  });

  it("the chip itself is a button that opens the details", () => {
    const { onOpen } = chip(insight, cell("insight", "done", { output: { insights: [] } }));
    const main = screen.getByRole("button", { name: /details/ });
    expect(main.getAttribute("aria-haspopup")).toBe("dialog");
    fireEvent.click(main);
    expect(onOpen).toHaveBeenCalled();
  });

  it("renders hostile generated content as text", () => {
    const hostile = {
      channel: "email",
      subject: '<img src=x onerror="alert(1)">',
      body: "<script>x()</script>",
    };
    const { container } = chip(content, cell("content", "done", { output: hostile }));
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });
});
