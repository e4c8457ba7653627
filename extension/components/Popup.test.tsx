import { act, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ada, campaign, cell, fakeActions, modelWith, row } from "../test-support/data";
import { Popup } from "./Popup";

const grace = { ...ada, id: "p2", email: "grace@navy.example", crm: {} };

function setup(opts: { actions?: ReturnType<typeof fakeActions>; pageIds?: string[] } = {}) {
  const model = modelWith([
    row(ada, [cell("insight", "done"), cell("content", "ready"), cell("export", "waiting")]),
    row(grace, [
      cell("insight", "failed", { error: { code: "x", message: "boom", retryable: false } }),
      cell("content", "waiting"),
      cell("export", "waiting"),
    ]),
  ]);
  const actions = opts.actions ?? fakeActions();
  const pageInfo = vi.fn(() =>
    Promise.resolve({ prospectIds: opts.pageIds ?? ["p1", "p2"], unmatched: 1 }),
  );
  const openSidePanel = vi.fn();
  render(
    <Popup
      model={model}
      actions={actions}
      pageInfo={pageInfo}
      openSidePanel={openSidePanel}
      openOptions={vi.fn()}
    />,
  );
  return { model, actions, pageInfo, openSidePanel };
}

describe("popup", () => {
  it("shows the connection state and follows it live", () => {
    const { model } = setup();
    expect(screen.getByText("Online")).toBeTruthy();
    act(() => {
      model.connection.value = { state: "offline", message: "the gateway is unreachable" };
    });
    expect(screen.getByText("Offline: the gateway is unreachable")).toBeTruthy();
  });

  it("shows per-step progress by state", () => {
    setup();
    expect(screen.getByRole("img", { name: "Insights: 1 done, 1 failed" })).toBeTruthy();
    expect(screen.getByText("1 ready · 1 waiting")).toBeTruthy();
  });

  it("runs every ready cell of the prospects on this page", async () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Run all ready on this page" }));
    await screen.findByText(/Queued 6 cells/);
    const bodies = vi.mocked(actions.bulkRun).mock.calls.map((c) => c[0].body);
    expect(bodies.map((b) => b.stepId)).toEqual(["insight", "content", "export"]);
    expect(bodies[0]).toMatchObject({ prospectIds: ["p1", "p2"], states: ["ready"] });
  });

  it("retries failed cells of the steps that have some, and stops the campaign", async () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Retry failed" }));
    await screen.findByText(/Queued 2 cells/);
    expect(vi.mocked(actions.bulkRun).mock.calls[0]?.[0].body).toMatchObject({
      stepId: "insight",
      states: ["failed"],
    });
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    await screen.findByText("Stopped 3 cells.");
  });

  it("switching a step to Auto-Pilot asks whether to run the existing ready cells (rule 8)", async () => {
    const { actions } = setup();
    const sw = screen.getByRole("switch", { name: "Auto-Pilot for Email" });
    expect(sw.getAttribute("aria-checked")).toBe("false");
    fireEvent.click(sw);
    const dialog = screen.getByRole("alertdialog");
    expect(dialog.textContent).toContain("1 cell is ready or outdated now");
    fireEvent.click(screen.getByRole("button", { name: "Switch on for new cells only" }));
    await screen.findByText("Email is on Auto-Pilot; 4 cells queued.");
    expect(vi.mocked(actions.patchStep).mock.calls[0]?.[0]).toMatchObject({
      stepId: "content",
      body: { autoRun: true, runExisting: false },
    });
    fireEvent.click(sw);
    fireEvent.click(screen.getByRole("button", { name: "Switch on and run existing cells" }));
    await waitFor(() =>
      expect(vi.mocked(actions.patchStep).mock.calls[1]?.[0].body).toMatchObject({
        runExisting: true,
      }),
    );
  });

  it("switching Auto-Pilot off needs no question", async () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("switch", { name: "Auto-Pilot for Insights" }));
    await waitFor(() =>
      expect(vi.mocked(actions.patchStep).mock.calls[0]?.[0].body).toMatchObject({
        autoRun: false,
      }),
    );
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  it("says so when offline instead of dropping a click", async () => {
    const actions = fakeActions({
      bulkRun: vi.fn(() =>
        Promise.resolve({ ok: false as const, error: { kind: "offline" as const, message: "x" } }),
      ),
    });
    setup({ actions });
    fireEvent.click(screen.getByRole("button", { name: "Run all ready on this page" }));
    await screen.findByText("Offline: nothing was sent.");
  });

  it("opens the side panel and switches campaign", async () => {
    const { openSidePanel, actions } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Open side panel" }));
    expect(openSidePanel).toHaveBeenCalled();
    fireEvent.change(screen.getByRole("combobox", { name: /Campaign/ }), {
      target: { value: campaign.id },
    });
    await waitFor(() =>
      expect(actions.setActiveCampaign).toHaveBeenCalledWith({ campaignId: "c1" }),
    );
  });

  it("asks to open Options when not set up", () => {
    const { model } = setup();
    act(() => {
      model.connection.value = { state: "unconfigured" };
    });
    expect(screen.getByRole("button", { name: "Open Options" })).toBeTruthy();
  });
});
