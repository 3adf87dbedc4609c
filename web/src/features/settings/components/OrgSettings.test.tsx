import { vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { OrgSettings } from "@/features/settings/components/OrgSettings";

// The whole screen renders in jsdom on a shared CPU: give it time.
vi.setConfig({ testTimeout: 20_000 });

const DOC = {
  guard: { max_shares_per_day: 3, max_shares_per_week: 10, network_caps: {}, sharing_hours: { start_hour: 8, end_hour: 20, weekdays: [0, 1, 2, 3, 4] } },
  reporting: { cpc_eur: { linkedin: "3.00" }, visibility_low: 0.2, visibility_high: 0.5 },
  content: { guidelines: {} },
};

function field(label: string) {
  return screen.getByLabelText(label).closest("form") as HTMLFormElement;
}

test("one field saves on its own, as a merge patch with the ETag it read", async () => {
  let version = 4;
  const calls = fakeApi({
    "GET /v1/org/settings": () => json(200, DOC, { ETag: `"${version}"` }),
    "PATCH /v1/org/settings": async (request) => {
      version += 1;
      const patch = (await request.json()) as { guard: { max_shares_per_day: number } };
      return json(200, { ...DOC, guard: { ...DOC.guard, ...patch.guard } }, { ETag: `"${version}"` });
    },
  });
  renderScreen(<OrgSettings />);
  const cap = await screen.findByLabelText("Shares per employee per day");
  await userEvent.clear(cap);
  await userEvent.type(cap, "5");
  await userEvent.click(within(field("Shares per employee per day")).getByRole("button", { name: "Save" }));
  expect(await within(field("Shares per employee per day")).findByText("Saved.")).toBeInTheDocument();
  const patch = calls.find((c) => c.method === "PATCH")!;
  expect(patch.headers.get("If-Match")).toBe('"4"');
  expect(await patch.json()).toEqual({ guard: { max_shares_per_day: 5 } });
});

test("a stale ETag says someone else saved, and shows their value", async () => {
  let reads = 0;
  fakeApi({
    "GET /v1/org/settings": () => {
      reads += 1;
      const doc = reads === 1 ? DOC : { ...DOC, guard: { ...DOC.guard, max_shares_per_day: 7 } };
      return json(200, doc, { ETag: `"${reads}"` });
    },
    "PATCH /v1/org/settings": () =>
      json(412, { error: { code: "settings_changed_meanwhile", message: "Someone else saved the settings meanwhile.", current_etag: '"2"' } }),
  });
  renderScreen(<OrgSettings />);
  const cap = await screen.findByLabelText("Shares per employee per day");
  await userEvent.clear(cap);
  await userEvent.type(cap, "5");
  await userEvent.click(within(field("Shares per employee per day")).getByRole("button", { name: "Save" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Someone else saved the settings meanwhile.");
  expect(await screen.findByDisplayValue("7")).toBeInTheDocument();
});

test("a refused value shows the API's message next to that field only", async () => {
  fakeApi({
    "GET /v1/org/settings": () => json(200, DOC, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () =>
      json(422, {
        error: { code: "validation_failed", field: "guard.max_shares_per_day", message: "guard.max_shares_per_day: must be at least 1" },
      }),
  });
  renderScreen(<OrgSettings />);
  const cap = await screen.findByLabelText("Shares per employee per day");
  await userEvent.clear(cap);
  await userEvent.type(cap, "0");
  await userEvent.click(within(field("Shares per employee per day")).getByRole("button", { name: "Save" }));
  expect(await within(field("Shares per employee per day")).findByRole("alert")).toHaveTextContent("must be at least 1");
  expect(within(field("Shares per employee per week")).queryByRole("alert")).toBeNull();
});

test("blocked words save as a list; an HR department mapping removes the lines that went away", async () => {
  const doc = { ...DOC, hr: { departments: { "ENG-1": "Engineering", "SAL-2": "Sales" }, identity_claim: "sub" } };
  const calls = fakeApi({
    "GET /v1/org/settings": () => json(200, doc, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () => json(200, doc, { ETag: '"2"' }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />);
  const words = await screen.findByLabelText("Blocked words and phrases (one per line)");
  expect(words).toHaveAccessibleDescription(/names the word/);
  await user.type(words, "guaranteed returns{enter}Crème brûlée");
  await user.click(within(field("Blocked words and phrases (one per line)")).getByRole("button", { name: "Save" }));
  expect(await within(field("Blocked words and phrases (one per line)")).findByText("Saved.")).toBeInTheDocument();
  const patches = () => calls.filter((c) => c.method === "PATCH");
  expect(await patches()[0].clone().json()).toEqual({ guard: { blocked_words: ["guaranteed returns", "Crème brûlée"] } });

  const mapping = screen.getByLabelText(/HR departments and their names here/);
  expect(mapping).toHaveValue("ENG-1 = Engineering\nSAL-2 = Sales");
  await user.clear(mapping);
  await user.type(mapping, "ENG-1 = Platform");
  await user.click(within(mapping.closest("form")!).getByRole("button", { name: "Save" }));
  await within(mapping.closest("form")!).findByText("Saved.");
  expect(await patches()[1].clone().json()).toEqual({ hr: { departments: { "ENG-1": "Platform", "SAL-2": null } } });

  await user.selectOptions(screen.getByLabelText("Which claim of the sign-in token names the person"), "email");
  await user.click(within(field("Which claim of the sign-in token names the person")).getByRole("button", { name: "Save" }));
  await within(field("Which claim of the sign-in token names the person")).findByText("Saved.");
  expect(await patches()[2].clone().json()).toEqual({ hr: { identity_claim: "email" } });
});

test("the new settings speak Dutch", async () => {
  fakeApi({ "GET /v1/org/settings": () => json(200, DOC, { ETag: '"1"' }) });
  renderScreen(<OrgSettings />, { language: "nl" });
  expect(await screen.findByRole("heading", { name: "Geloofwaardigheidsbewaking" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Geblokkeerde woorden en zinnen" })).toBeInTheDocument();
  expect(screen.getByLabelText("Geblokkeerde woorden en zinnen (één per regel)")).toBeInTheDocument();
  expect(screen.getByLabelText("Openbaar adres van een Greenhouse-vacature")).toBeInTheDocument();
});
