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

test("HR locations: rows are added, edited and removed by name; a wrong time zone is refused before sending", async () => {
  const doc = {
    ...DOC,
    hr: { locations: { "AMS-HQ": { name: "Amsterdam", language: "nl", timezone: "Europe/Amsterdam" }, "LON-1": { name: null, language: null, timezone: "Europe/London" } } },
  };
  const calls = fakeApi({
    "GET /v1/org/settings": () => json(200, doc, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () => json(200, doc, { ETag: '"2"' }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />);
  const table = (await screen.findByRole("group", { name: "Locations from the HR system" })) as HTMLFieldSetElement;
  expect(table).toHaveAccessibleDescription(/language and time zone of the people who work there/);
  const amsterdam = within(table).getByRole("group", { name: "Location AMS-HQ" });
  expect(within(amsterdam).getByLabelText("Name here (empty: the HR name)")).toHaveValue("Amsterdam");
  expect(within(amsterdam).getByLabelText("Language of the people there")).toHaveValue("nl");

  await user.click(within(table).getByRole("button", { name: "Remove LON-1" }));
  expect(within(table).queryByRole("group", { name: "Location LON-1" })).toBeNull();
  expect(within(table).getByRole("button", { name: "Add a location" })).toHaveFocus();

  await user.click(within(table).getByRole("button", { name: "Add a location" }));
  const added = within(table).getByRole("group", { name: "New location 2" });
  const key = within(added).getByLabelText("Name or id in the HR system");
  expect(key).toHaveFocus();
  await user.type(key, "UTR");
  expect(within(table).getByRole("group", { name: "Location UTR" })).toBe(added);
  await user.type(within(added).getByLabelText("Time zone (e.g. Europe/Amsterdam)"), "Europe/Utrecht");
  const form = table.closest("form")!;
  await user.click(within(form).getByRole("button", { name: "Save" }));
  const zone = within(added).getByLabelText("Time zone (e.g. Europe/Amsterdam)");
  expect(zone).toHaveAttribute("aria-invalid", "true");
  expect(zone).toHaveAccessibleDescription("'Europe/Utrecht' is not an IANA time zone name, such as Europe/Amsterdam");
  expect(zone).toHaveFocus();
  expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);

  await user.clear(zone);
  await user.type(zone, "Europe/Amsterdam");
  await user.selectOptions(within(added).getByLabelText("Language of the people there"), "nl");
  await user.type(within(added).getByLabelText("Name here (empty: the HR name)"), "Utrecht");
  await user.click(within(form).getByRole("button", { name: "Save" }));
  expect(await within(form).findByText("Saved.")).toBeInTheDocument();
  const patch = calls.find((c) => c.method === "PATCH")!;
  expect(await patch.json()).toEqual({
    hr: {
      locations: {
        "AMS-HQ": { name: "Amsterdam", language: "nl", timezone: "Europe/Amsterdam" },
        "LON-1": null,
        UTR: { name: "Utrecht", language: "nl", timezone: "Europe/Amsterdam" },
      },
    },
  });
});

test("HR locations: an empty or doubled name is refused at its row; the API's own refusal shows at the table", async () => {
  const doc = { ...DOC, hr: { locations: { HQ: { name: "Head office", language: null, timezone: null } } } };
  fakeApi({
    "GET /v1/org/settings": () => json(200, doc, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () =>
      json(422, {
        error: { code: "validation_failed", field: "hr.locations.HQ.name", message: "hr.locations.HQ.name: String should have at most 100 characters" },
      }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />);
  const table = await screen.findByRole("group", { name: "Locations from the HR system" });
  const form = table.closest("form")!;
  await user.click(within(table).getByRole("button", { name: "Add a location" }));
  await user.click(within(form).getByRole("button", { name: "Save" }));
  expect(within(table).getByRole("group", { name: "New location 2" })).toHaveTextContent("Give the location's name or id in the HR system.");
  await user.type(within(table).getByRole("group", { name: "New location 2" }).querySelector("input")!, "HQ");
  await user.click(within(form).getByRole("button", { name: "Save" }));
  expect(within(form).getAllByText("HQ is in the list twice.")).toHaveLength(1);

  await user.click(within(table).getAllByRole("button", { name: "Remove HQ" })[1]);
  await user.type(within(table).getByLabelText("Name here (empty: the HR name)"), "x".repeat(101));
  await user.click(within(form).getByRole("button", { name: "Save" }));
  expect(await within(form).findByRole("alert")).toHaveTextContent("String should have at most 100 characters");
});

test("API prices per network and points per action save as one patch each, with decimal commas in Dutch", async () => {
  const doc = {
    ...DOC,
    reporting: {
      ...DOC.reporting,
      api_prices: { x: { currency: "USD", per_post: "0.200", per_read: "0.005" } },
      points: { share: 10, click: 1, opportunity: 25 },
      leaderboard_enabled: true,
      leaderboard_size: 10,
    },
  };
  const calls = fakeApi({
    "GET /v1/org/settings": () => json(200, doc, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () => json(200, doc, { ETag: '"2"' }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />, { language: "nl" });
  const prices = await screen.findByRole("group", { name: "Wat de API's van de netwerken kosten" });
  const x = within(prices).getByRole("group", { name: "X" });
  expect(within(x).getByLabelText("Per bericht")).toHaveValue("0,200");
  await user.click(within(prices).getByRole("button", { name: "Prijzen van een netwerk toevoegen" }));
  const linkedin = within(prices).getByRole("group", { name: "LinkedIn" });
  expect(within(linkedin).getByLabelText("Netwerk")).toHaveFocus();
  await user.selectOptions(within(linkedin).getByLabelText("Valuta"), "EUR");
  await user.type(within(linkedin).getByLabelText("Per bericht"), "0,05");
  await user.clear(within(x).getByLabelText("Per keer cijfers van een bericht lezen"));
  await user.type(within(x).getByLabelText("Per keer cijfers van een bericht lezen"), "0,01");
  await user.click(within(prices.closest("form")!).getByRole("button", { name: "Opslaan" }));
  await within(prices.closest("form")!).findByText("Opgeslagen.");
  const patches = () => calls.filter((c) => c.method === "PATCH");
  expect(await patches()[0].clone().json()).toEqual({
    reporting: {
      api_prices: {
        x: { currency: "USD", per_post: "0.200", per_read: "0.01" },
        linkedin: { currency: "EUR", per_post: "0.05", per_read: null },
      },
    },
  });

  const points = screen.getByRole("group", { name: "Punten per actie" });
  expect(within(points).getByLabelText("Een gedeeld bericht")).toHaveValue("10");
  await user.type(within(points).getByLabelText("Een opmerking onder een bericht"), "3");
  await user.clear(within(points).getByLabelText("Een klik op een gedeelde link"));
  await user.click(within(points.closest("form")!).getByRole("button", { name: "Opslaan" }));
  await within(points.closest("form")!).findByText("Opgeslagen.");
  expect(await patches()[1].clone().json()).toEqual({
    reporting: { points: { share: 10, click: null, unique_click: null, opportunity: 25, reaction: null, comment: 3, reshare: null } },
  });

  await user.click(screen.getByLabelText("Ranglijsten tonen"));
  await user.click(within(field("Ranglijsten tonen")).getByRole("button", { name: "Opslaan" }));
  await within(field("Ranglijsten tonen")).findByText("Opgeslagen.");
  expect(await patches()[2].clone().json()).toEqual({ reporting: { leaderboard_enabled: false } });
  expect(screen.getByLabelText("Aantal plaatsen op een ranglijst (1–50)")).toHaveValue("10");
});

test("a number the API can't read is sent as typed, so its own message names the problem", async () => {
  const calls = fakeApi({
    "GET /v1/org/settings": () => json(200, DOC, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () =>
      json(422, { error: { code: "validation_failed", field: "reporting.points.share", message: "reporting.points.share: Input should be a valid integer" } }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />);
  const points = await screen.findByRole("group", { name: "Points per action" });
  await user.type(within(points).getByLabelText("A share"), "ten");
  await user.click(within(points.closest("form")!).getByRole("button", { name: "Save" }));
  expect(await within(points.closest("form")!).findByRole("alert")).toHaveTextContent("Input should be a valid integer");
  expect(within(points).getByLabelText("A share")).toHaveAttribute("aria-invalid", "true");
  expect(await calls.find((c) => c.method === "PATCH")!.json()).toMatchObject({ reporting: { points: { share: "ten" } } });
});

test("a rule of a whole section that the API refuses shows at the setting that broke it", async () => {
  fakeApi({
    "GET /v1/org/settings": () => json(200, DOC, { ETag: '"1"' }),
    "PATCH /v1/org/settings": () =>
      json(422, {
        error: {
          code: "validation_failed",
          field: "reporting",
          message: "The field 'reporting' is not valid: Value error, a range's high value must not be below its low value.",
        },
      }),
  });
  const user = userEvent.setup();
  renderScreen(<OrgSettings />);
  const high = await screen.findByLabelText("Share of connections who see a post, high (0–1)");
  await user.clear(high);
  await user.type(high, "0.1");
  await user.click(within(field("Share of connections who see a post, high (0–1)")).getByRole("button", { name: "Save" }));
  expect(await within(field("Share of connections who see a post, high (0–1)")).findByRole("alert")).toHaveTextContent(
    "a range's high value must not be below its low value",
  );
});
