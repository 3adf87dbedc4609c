import { vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { People } from "@/features/people/components/People";

// The whole screen renders in jsdom on a shared CPU: give it time.
vi.setConfig({ testTimeout: 20_000 });

const person = (n: number) => ({ employee_id: `e${n}`, name: `Person ${n}`, department: "Sales", left: false });

function pagedDirectory() {
  return fakeApi({
    "GET /v1/org/people": (_request, url) =>
      url.searchParams.get("cursor") === "c2"
        ? json(200, { items: [person(3)], next_cursor: null })
        : json(200, { items: [person(1), person(2)], next_cursor: "c2" }),
  });
}

test("the directory pages by cursor: next page, the page named, and back to the first", async () => {
  const calls = pagedDirectory();
  renderScreen(<People />);
  expect(await screen.findByRole("rowheader", { name: "Person 1" })).toBeInTheDocument();
  const pager = screen.getByRole("navigation", { name: "Pages" });
  expect(within(pager).getByRole("status")).toHaveTextContent("Page 1 · 2 items");
  expect(within(pager).queryByRole("button", { name: "First page" })).not.toBeInTheDocument();

  await userEvent.click(within(pager).getByRole("button", { name: "Next page" }));
  expect(await screen.findByRole("rowheader", { name: "Person 3" })).toBeInTheDocument();
  expect(screen.queryByRole("rowheader", { name: "Person 1" })).not.toBeInTheDocument();
  expect(within(pager).getByRole("status")).toHaveTextContent("Page 2 · 1 item");
  expect(new URL(calls.at(-1)!.url).searchParams.get("cursor")).toBe("c2");
  // The last page: no "next", and keyboard focus lands on "first page" rather than nowhere.
  expect(within(pager).queryByRole("button", { name: "Next page" })).not.toBeInTheDocument();
  expect(within(pager).getByRole("button", { name: "First page" })).toHaveFocus();

  await userEvent.click(within(pager).getByRole("button", { name: "First page" }));
  expect(await screen.findByRole("rowheader", { name: "Person 1" })).toBeInTheDocument();
  expect(within(pager).getByRole("status")).toHaveTextContent("Page 1 · 2 items");
});

test("in Dutch the pager speaks Dutch", async () => {
  pagedDirectory();
  renderScreen(<People />, { language: "nl" });
  await screen.findByRole("rowheader", { name: "Person 1" });
  const pager = screen.getByRole("navigation", { name: "Pagina's" });
  expect(within(pager).getByRole("status")).toHaveTextContent("Pagina 1 · 2 items");
  expect(within(pager).getByRole("button", { name: "Volgende pagina" })).toBeInTheDocument();
});

test("a single page shows no pager", async () => {
  fakeApi({ "GET /v1/org/people": () => json(200, { items: [person(1)], next_cursor: null }) });
  renderScreen(<People />);
  await screen.findByRole("rowheader", { name: "Person 1" });
  expect(screen.queryByRole("navigation", { name: "Pages" })).not.toBeInTheDocument();
});
