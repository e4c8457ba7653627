import { signal } from "@preact/signals";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { RowIdentity } from "../adapters";
import { ada, campaign, cell, email, fakeActions, modelWith, row } from "../test-support/data";
import { RowCells } from "./RowCells";

const adaRow: RowIdentity = {
  key: "hubspot:51",
  email: "ada@engines.example",
  crm: { system: "hubspot", id: "51" },
  fields: { firstName: "Ada", lastName: "Lovelace" },
};

function setup(
  cells = [
    cell("insight", "done", {
      output: { insights: [{ kind: "news", title: "Raised a Series B", detail: "", score: 0.9 }] },
    }),
    cell("content", "ready"),
    cell("export", "waiting", { waitingFor: ["content"] }),
  ],
  actions = fakeActions(),
  identity: RowIdentity = adaRow,
) {
  const model = modelWith([row(ada, cells)]);
  const id = signal(identity);
  render(<RowCells model={model} identity={id} actions={actions} />);
  return { model, id, actions };
}

describe("row cells", () => {
  it("shows one chip per step for the row matched by email", () => {
    const { container } = render(<div />);
    setup();
    expect(document.querySelectorAll(".chip")).toHaveLength(3);
    expect(screen.getByText("Raised a Series B")).toBeTruthy();
    expect(screen.getByText("Waiting for Email")).toBeTruthy();
    expect(container).toBeTruthy();
  });

  it("matches by CRM record id when the email differs", () => {
    setup(undefined, undefined, {
      key: "hubspot:51",
      crm: { system: "hubspot", id: "51" },
      fields: {},
    });
    expect(document.querySelectorAll(".chip")).toHaveLength(3);
  });

  it("Click to Run sends a run with a request id, and the chip follows live updates without reload", async () => {
    const { actions, model } = setup();
    fireEvent.click(screen.getByRole("button", { name: /^Click to Run/ }));
    await waitFor(() => expect(actions.cellCommand).toHaveBeenCalled());
    expect(vi.mocked(actions.cellCommand).mock.calls[0]?.[0]).toMatchObject({
      campaignId: "c1",
      prospectId: "p1",
      stepId: "content",
      verb: "run",
      requestId: expect.stringMatching(/^ext-/),
    });
    act(() =>
      model.apply({
        kind: "cells",
        campaignId: "c1",
        cells: [cell("content", "running", { attempt: 1, version: 3 })],
      }),
    );
    expect(screen.getByText("Running (attempt 1)")).toBeTruthy();
    act(() =>
      model.apply({
        kind: "cells",
        campaignId: "c1",
        cells: [cell("content", "queued", { version: 2 })],
      }),
    );
    expect(screen.getByText("Running (attempt 1)")).toBeTruthy(); // an older version never wins
    act(() =>
      model.apply({
        kind: "cells",
        campaignId: "c1",
        cells: [cell("content", "done", { output: email, version: 4 })],
      }),
    );
    expect(screen.getByRole("button", { name: /^Run Again Email/ })).toBeTruthy();
  });

  it("a click while offline is refused visibly", async () => {
    const actions = fakeActions({
      cellCommand: vi.fn(() =>
        Promise.resolve({ ok: false as const, error: { kind: "offline" as const, message: "x" } }),
      ),
    });
    setup(undefined, actions);
    fireEvent.click(screen.getByRole("button", { name: /^Click to Run/ }));
    expect((await screen.findByRole("alert")).textContent).toMatch(
      /Offline: the gateway is unreachable, nothing was sent/,
    );
  });

  it("a 409 refusal shows the gateway's words", async () => {
    const actions = fakeActions({
      cellCommand: vi.fn(() =>
        Promise.resolve({
          ok: false as const,
          error: { kind: "refused" as const, status: 409, message: "waiting for Insights" },
        }),
      ),
    });
    setup(undefined, actions);
    fireEvent.click(screen.getByRole("button", { name: /^Click to Run/ }));
    expect((await screen.findByRole("alert")).textContent).toBe("waiting for Insights");
  });

  it("an unmatched row offers Add to campaign with the fields read from the row", async () => {
    const { actions } = setup(undefined, undefined, {
      key: "hubspot:77",
      email: "zed@zeds.example",
      crm: { system: "hubspot", id: "77" },
      fields: { firstName: "Zed", lastName: "Zee", company: "Zeds" },
    });
    fireEvent.click(
      screen.getByRole("button", { name: /^Add to campaign: Zed Zee to Q3 outbound/ }),
    );
    await waitFor(() => expect(actions.addProspect).toHaveBeenCalled());
    expect(vi.mocked(actions.addProspect).mock.calls[0]?.[0]).toMatchObject({
      campaignId: "c1",
      prospect: {
        email: "zed@zeds.example",
        firstName: "Zed",
        lastName: "Zee",
        company: "Zeds",
        crm: { hubspot: "77" },
      },
    });
    expect(await screen.findByRole("button", { name: /Added|Add to campaign/ })).toBeTruthy();
  });

  it("a recycled row (new identity) re-renders for the new record", () => {
    const { id } = setup();
    expect(document.querySelectorAll(".chip")).toHaveLength(3);
    act(() => {
      id.value = { key: "hubspot:77", email: "zed@zeds.example", fields: {} };
    });
    expect(document.querySelectorAll(".chip")).toHaveLength(0);
    expect(screen.getByRole("button", { name: /Add to campaign/ })).toBeTruthy();
  });
});

describe("cell popover", () => {
  it("opens on the chip, shows the email as text, history, and saves an output edit", async () => {
    const { actions } = setup([
      cell("insight", "done", { output: { insights: [] } }),
      cell("content", "done", { output: email }),
      cell("export", "ready"),
    ]);
    fireEvent.click(screen.getAllByRole("button", { name: /details/ })[1]!);
    const dialog = await screen.findByRole("dialog", { name: "Email details" });
    expect(dialog.querySelector("pre")?.textContent).toBe("Hi Ada,\n\nShort note.");
    expect(await screen.findByText(/auto · done · 1 attempt/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Edit output" }));
    const body = screen.getByLabelText("Body") as HTMLTextAreaElement;
    fireEvent.input(body, { target: { value: "Hi Ada, edited." } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(actions.editCell).toHaveBeenCalled());
    expect(vi.mocked(actions.editCell).mock.calls[0]?.[0]).toMatchObject({
      stepId: "content",
      output: { channel: "email", subject: "Ideas for Engines", body: "Hi Ada, edited." },
    });
  });

  it("Review + Send shows the upstream email, lets you edit it, and Send runs the export", async () => {
    const { actions } = setup([
      cell("insight", "done", { output: { insights: [] } }),
      cell("content", "done", { output: email }),
      cell("export", "ready"),
    ]);
    fireEvent.click(screen.getByRole("button", { name: /^Review \+ Send/ }));
    const dialog = await screen.findByRole("dialog", { name: "Export details" });
    expect(dialog.textContent).toContain("Review: Email");
    expect(dialog.querySelector("pre")?.textContent).toContain("Hi Ada");
    fireEvent.click(screen.getByRole("button", { name: "Edit Email" }));
    fireEvent.input(screen.getByLabelText("Body"), { target: { value: "Better." } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(actions.editCell).toHaveBeenCalledWith(expect.objectContaining({ stepId: "content" })),
    );
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() =>
      expect(actions.cellCommand).toHaveBeenCalledWith(
        expect.objectContaining({ stepId: "export", verb: "run" }),
      ),
    );
  });

  it("offers Cancel on a running cell, Retry with the error on a failed one, and closes on Escape", async () => {
    const { actions } = setup([
      cell("insight", "running", { attempt: 1 }),
      cell("content", "failed", {
        error: { code: "provider_error", message: "Model overloaded", retryable: true },
      }),
      cell("export", "waiting"),
    ]);
    fireEvent.click(screen.getAllByRole("button", { name: /details/ })[0]!);
    fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    await waitFor(() =>
      expect(actions.cellCommand).toHaveBeenCalledWith(expect.objectContaining({ verb: "cancel" })),
    );
    fireEvent.click(screen.getAllByRole("button", { name: /details/ })[1]!);
    const dialog = await screen.findByRole("dialog", { name: "Email details" });
    expect(dialog.textContent).toContain("Model overloaded (provider_error, retryable)");
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getAllByRole("button", { name: /details/ })[1]),
    );
  });

  it("edits inputs as overrides", async () => {
    const { actions } = setup([
      cell("insight", "done", { output: { insights: [] } }),
      cell("content", "done", { output: email }),
      cell("export", "ready"),
    ]);
    fireEvent.click(screen.getAllByRole("button", { name: /details/ })[1]!);
    fireEvent.click(await screen.findByRole("button", { name: "Edit inputs" }));
    fireEvent.input(screen.getByLabelText("Instructions"), {
      target: { value: "Mention the Series B" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(actions.editCell).toHaveBeenCalledWith(
        expect.objectContaining({ inputs: { instructions: "Mention the Series B" } }),
      ),
    );
  });

  it("renders a hostile prospect's data and output as text", () => {
    const evil = { ...ada, firstName: '<img src=x onerror="window.__pwned=1">' };
    const model = modelWith([
      row(evil, [
        cell("insight", "done", {
          output: {
            insights: [
              { kind: "x", title: "<script>window.__pwned=2</script>", detail: "", score: 1 },
            ],
          },
        }),
        cell("content", "ready"),
        cell("export", "waiting"),
      ]),
    ]);
    const { container } = render(
      <RowCells model={model} identity={signal(adaRow)} actions={fakeActions()} />,
    );
    expect(container.querySelector("img, script")).toBeNull();
    expect(container.textContent).toContain("<script>window.__pwned=2</script>");
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(campaign.id).toBe("c1");
  });
});
