import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { fakeActions } from "../test-support/data";
import { Options, parseCustomSelectors } from "./Options";

function setup(check = fakeActions().checkSettings) {
  const saveSites = vi.fn(() => Promise.resolve());
  const saveCustom = vi.fn(() => Promise.resolve());
  render(
    <Options
      initial={{ gatewayUrl: "http://127.0.0.1:8787", token: "", sites: {}, custom: [] }}
      checkSettings={check}
      saveSites={saveSites}
      saveCustom={saveCustom}
    />,
  );
  return { check, saveSites, saveCustom };
}

describe("options", () => {
  it("checks URL and token with GET /v1/me and saves only then", async () => {
    const { check } = setup();
    fireEvent.input(screen.getByLabelText("API token"), { target: { value: "tok_123" } });
    fireEvent.click(screen.getByRole("button", { name: "Check and save" }));
    expect((await screen.findByRole("status")).textContent).toBe(
      "Saved. Connected as Sam in workspace Demo.",
    );
    expect(check).toHaveBeenCalledWith({
      gatewayUrl: "http://127.0.0.1:8787",
      token: "tok_123",
      save: true,
    });
  });

  it("explains a refused token and an unreachable gateway", async () => {
    const check = vi
      .fn()
      .mockResolvedValueOnce({
        ok: false,
        error: { kind: "refused", status: 401, message: "unknown token" },
      })
      .mockResolvedValueOnce({ ok: false, error: { kind: "offline", message: "x" } });
    setup(check);
    fireEvent.input(screen.getByLabelText("API token"), { target: { value: "bad" } });
    fireEvent.click(screen.getByRole("button", { name: "Check and save" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Not saved: the token was refused.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Check only" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Not saved: the gateway is unreachable at this URL.",
      ),
    );
  });

  it("turns sites on and off, generic off by default", () => {
    const { saveSites } = setup();
    const generic = screen.getByRole("checkbox", { name: /Other pages/ }) as HTMLInputElement;
    expect(generic.checked).toBe(false);
    fireEvent.click(screen.getByRole("checkbox", { name: /HubSpot/ }));
    expect(saveSites).toHaveBeenCalledWith({ hubspot: false });
  });

  it("validates and saves custom selectors", async () => {
    const { saveCustom } = setup();
    const area = screen.getByLabelText("Selector sets");
    fireEvent.input(area, { target: { value: '[{"label":"Intranet"}]' } });
    fireEvent.click(screen.getByRole("button", { name: "Save selectors" }));
    await screen.findByText('Item 1 needs a "row" selector.');
    fireEvent.input(area, {
      target: { value: '[{"label":"Intranet","row":"tbody tr","hosts":["intranet"]}]' },
    });
    fireEvent.click(screen.getByRole("button", { name: "Save selectors" }));
    await screen.findByText("Saved 1 selector set.");
    expect(saveCustom).toHaveBeenCalledWith([
      { label: "Intranet", row: "tbody tr", hosts: ["intranet"], id: "custom:intranet" },
    ]);
  });

  it("refuses broken JSON and selectors", () => {
    expect(parseCustomSelectors("{").ok).toBe(false);
    expect(parseCustomSelectors('[{"row":"tr[["}]')).toMatchObject({ ok: false });
  });
});
