import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ada, cell, fakeActions, modelWith, row } from "../test-support/data";
import { SidePanel } from "./SidePanel";

const grace = {
  ...ada,
  id: "p2",
  email: "grace@navy.example",
  firstName: "Grace",
  lastName: "Hopper",
  crm: {},
};
const alan = {
  ...ada,
  id: "p3",
  email: "alan@bletchley.example",
  firstName: "<b>Alan</b>",
  lastName: "Turing",
  crm: {},
};

function setup() {
  const model = modelWith([
    row(ada, [
      cell("insight", "done", { output: { insights: [] } }),
      cell("content", "ready"),
      cell("export", "waiting"),
    ]),
    row(grace, [cell("insight", "failed"), cell("content", "waiting"), cell("export", "waiting")]),
    row(alan, [
      cell("insight", "done", { output: { insights: [] } }),
      cell("content", "ready"),
      cell("export", "waiting"),
    ]),
  ]);
  const actions = fakeActions();
  render(<SidePanel model={model} actions={actions} />);
  return { model, actions };
}

const bodyRows = () => screen.getAllByRole("row").slice(1);

describe("side panel", () => {
  it("shows the campaign as a table with one column per step", () => {
    setup();
    expect(screen.getByRole("columnheader", { name: "Email" })).toBeTruthy();
    expect(bodyRows()).toHaveLength(3);
    expect(within(bodyRows()[0]!).getByText("Ready")).toBeTruthy();
  });

  it("filters by state and by step", () => {
    setup();
    fireEvent.change(screen.getByRole("combobox", { name: /State/ }), {
      target: { value: "failed" },
    });
    expect(bodyRows()).toHaveLength(1);
    fireEvent.change(screen.getByRole("combobox", { name: /State/ }), {
      target: { value: "ready" },
    });
    fireEvent.change(screen.getByRole("combobox", { name: /^Step/ }), {
      target: { value: "insight" },
    });
    expect(bodyRows()).toHaveLength(0);
    fireEvent.change(screen.getByRole("combobox", { name: /^Step/ }), {
      target: { value: "content" },
    });
    expect(bodyRows()).toHaveLength(2);
  });

  it("multi-selects and bulk runs the chosen step for the selected prospects", async () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("checkbox", { name: "Select Ada Lovelace" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Select Grace Hopper" }));
    expect(screen.getByText("2 selected")).toBeTruthy();
    fireEvent.change(screen.getByRole("combobox", { name: /Run step/ }), {
      target: { value: "content" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Run selected" }));
    await screen.findByText("Queued 2; 0 refused.");
    expect(vi.mocked(actions.bulkRun).mock.calls[0]?.[0]).toMatchObject({
      campaignId: "c1",
      body: { stepId: "content", prospectIds: ["p1", "p2"] },
    });
    fireEvent.click(screen.getByRole("checkbox", { name: "Select all shown" }));
    expect(screen.getByText("3 selected")).toBeTruthy();
  });

  it("stops all, or the filtered step", async () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Stop all" }));
    await waitFor(() =>
      expect(actions.stop).toHaveBeenCalledWith(
        expect.not.objectContaining({ stepId: expect.anything() }),
      ),
    );
    fireEvent.change(screen.getByRole("combobox", { name: /^Step/ }), {
      target: { value: "content" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Stop step" }));
    await waitFor(() =>
      expect(vi.mocked(actions.stop).mock.calls[1]?.[0]).toMatchObject({ stepId: "content" }),
    );
  });

  it("is live: cell updates and new prospects appear without reload", () => {
    const { model } = setup();
    act(() =>
      model.apply({
        kind: "cells",
        campaignId: "c1",
        cells: [cell("content", "running", { attempt: 1, version: 5 })],
      }),
    );
    expect(within(bodyRows()[0]!).getByText("Running (attempt 1)")).toBeTruthy();
    act(() =>
      model.apply({
        kind: "prospects",
        campaignId: "c1",
        prospects: [{ id: "p4", email: "new@x.example" }],
      }),
    );
    expect(bodyRows()).toHaveLength(4);
  });

  it("renders prospect markup as text", () => {
    setup();
    expect(screen.getByText(/<b>Alan<\/b> Turing/)).toBeTruthy();
    expect(document.querySelector("tbody b")).toBeNull();
  });
});
