import { vi } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { focusManager } from "@tanstack/react-query";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { Sources } from "@/features/sources/components/Sources";
import { SOURCES_REFRESH_MS } from "@/features/sources/api/sources";

vi.setConfig({ testTimeout: 20_000 });

const OPTIONS = { employees: 4, departments: [{ value: "Engineering", people: 2 }], roles: [], locations: [], languages: [] };
const BASE = {
  content_type: "industry",
  audience: {},
  language: "en",
  created_by: "anna",
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
  failures: 0,
  revision: 1,
};
const GOOD = {
  ...BASE,
  source_id: "s1",
  url: "https://industry.example/feed.rss",
  name: "",
  feed_title: "Industry weekly",
  active: true,
  status: "ok",
  last_polled_at: "2026-01-05T10:00:00Z",
  entries_created: 3,
};
const BROKEN = {
  ...BASE,
  source_id: "s2",
  url: "https://broken.example/feed",
  name: "Broken",
  active: true,
  status: "failing",
  failures: 2,
  entries_created: 0,
  last_polled_at: "2026-01-05T10:00:00Z",
  last_error: { code: "not_a_feed", reason: "html", at: "2026-01-05T10:00:00Z", message: "This is not an RSS or Atom feed." },
};

function api(items: object[], extra = {}) {
  let list = items;
  const calls = fakeApi({
    "GET /v1/sources": () => json(200, { items: list }),
    "GET /v1/audience": () => json(200, OPTIONS),
    ...extra,
    "DELETE /v1/sources/s1": () => {
      list = list.filter((s) => (s as { source_id: string }).source_id !== "s1");
      return new Response(null, { status: 204 });
    },
  });
  return calls;
}

test("each feed shows its status, when it was last read, the drafts it brought and its last error", async () => {
  api([GOOD, BROKEN]);
  renderScreen(<Sources />);
  const [good, broken] = await screen.findAllByTestId("source");
  expect(within(good).getByRole("heading", { name: "Industry weekly" })).toBeInTheDocument();
  expect(within(good).getByTestId("source-status")).toHaveTextContent("Active");
  expect(within(good).getByTestId("entries-created")).toHaveTextContent("3");
  expect(within(good).queryByTestId("last-error")).toBeNull();
  expect(within(broken).getByTestId("source-status")).toHaveTextContent("Failing");
  expect(within(broken).getByTestId("last-error")).toHaveTextContent("This is not an RSS or Atom feed.");
  expect(within(broken).getByTestId("last-error")).toHaveTextContent("2 failures in a row");
  expect(screen.getByRole("link", { name: "Drafts from sources" })).toHaveAttribute("href", "/library?origin=source");
});

test("adding a feed sends its address, type, language and default audience; the API's refusal shows at the field", async () => {
  const calls = api([], {
    "POST /v1/sources": async (request: Request) => {
      const body = (await request.json()) as { url: string };
      return body.url.includes("localhost")
        ? json(422, { error: { code: "preview_refused", field: "url", message: "That address is not allowed." } })
        : json(201, { ...GOOD, url: body.url, feed_title: null });
    },
  });
  const user = userEvent.setup();
  renderScreen(<Sources />);
  await screen.findByText("No feeds yet. Add one below.");
  await user.type(screen.getByLabelText("Feed address"), "http://localhost/feed");
  await user.click(screen.getByRole("button", { name: "Add the feed" }));
  expect(await screen.findByText("That address is not allowed.")).toBeInTheDocument();
  expect(screen.getByLabelText("Feed address")).toHaveAttribute("aria-invalid", "true");

  await user.clear(screen.getByLabelText("Feed address"));
  await user.type(screen.getByLabelText("Feed address"), "https://engineering.example/feed.atom");
  await user.selectOptions(screen.getByLabelText("Content type"), "expertise");
  await user.selectOptions(screen.getByLabelText("Language of the feed"), "nl");
  await user.click(await screen.findByRole("checkbox", { name: "Engineering" }));
  await user.click(screen.getByRole("button", { name: "Add the feed" }));
  expect(await screen.findByText(/was added\. It is read at the next poll\./)).toBeInTheDocument();
  const posts = calls.filter((c) => c.method === "POST");
  expect(await posts[1].json()).toEqual({
    url: "https://engineering.example/feed.atom",
    name: "",
    content_type: "expertise",
    language: "nl",
    audience: { departments: ["Engineering"], roles: [], locations: [], languages: [] },
    active: true,
  });
});

test("a feed is paused, edited and deleted after a confirmation", async () => {
  const calls = api([GOOD], {
    "PATCH /v1/sources/s1": async (request: Request) => json(200, { ...GOOD, ...((await request.json()) as object) }),
  });
  const user = userEvent.setup();
  renderScreen(<Sources />);
  const card = (await screen.findAllByTestId("source"))[0];
  await user.click(within(card).getByRole("button", { name: "Pause" }));
  expect(await screen.findByText(/Paused: the feed is not read/)).toBeInTheDocument();
  const patches = () => calls.filter((c) => c.method === "PATCH");
  expect(await patches()[0].clone().json()).toEqual({ active: false });

  await user.click(within(card).getByRole("button", { name: "Edit" }));
  const heading = await screen.findByRole("heading", { name: "Edit: Industry weekly" });
  await waitFor(() => expect(heading).toHaveFocus());
  const form = heading.closest("form")!;
  await user.type(within(form).getByLabelText("Name"), "Trust reports");
  await user.click(within(form).getByRole("button", { name: "Save" }));
  await waitFor(() => expect(patches()).toHaveLength(2));
  expect(await patches()[1].clone().json()).toMatchObject({ name: "Trust reports", url: GOOD.url });

  await user.click(within(card).getByRole("button", { name: "Delete" }));
  const yes = within(card).getByRole("button", { name: "Yes, delete" });
  expect(yes).toHaveFocus();
  await user.click(yes);
  expect(await screen.findByText("The feed was deleted.")).toBeInTheDocument();
  expect(calls.some((c) => c.method === "DELETE")).toBe(true);
});

test("the screen speaks Dutch", async () => {
  api([BROKEN]);
  renderScreen(<Sources />, { language: "nl" });
  expect(await screen.findByRole("heading", { name: "Je feeds" })).toBeInTheDocument();
  expect(await screen.findByTestId("source-status")).toHaveTextContent("Mislukt");
  expect(screen.getByRole("button", { name: "Pauzeren" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Feed toevoegen" })).toBeInTheDocument();
});

test("the list reads again on its own while the tab is visible, and not while it is hidden", async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  try {
    const waiting = { ...GOOD, status: "waiting", last_polled_at: null, feed_title: null, entries_created: 0 };
    let list: object[] = [waiting];
    const calls = api([], { "GET /v1/sources": () => json(200, { items: list }) });
    const reads = () => calls.filter((c) => c.method === "GET" && c.url.endsWith("/v1/sources")).length;
    renderScreen(<Sources />);
    expect(await screen.findByTestId("source-status")).toHaveTextContent("Waiting for its first read");

    list = [GOOD]; // the poller read the feed meanwhile
    await act(() => vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS));
    await waitFor(() => expect(screen.getByTestId("source-status")).toHaveTextContent("Active"));
    expect(screen.getByRole("heading", { name: "Industry weekly" })).toBeInTheDocument();

    const before = reads();
    focusManager.setFocused(false); // the tab is hidden
    await act(() => vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS * 3));
    expect(reads()).toBe(before);
  } finally {
    focusManager.setFocused(undefined);
    vi.useRealTimers();
  }
});
