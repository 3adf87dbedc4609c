import { screen } from "@testing-library/react";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { Calendar, daysOf } from "@/features/calendar/components/Calendar";

test("a month view runs from the Monday before the 1st to the Sunday after the last day", () => {
  const days = daysOf("month", new Date(2026, 11, 15)); // December 2026 starts on a Tuesday
  expect(days[0]).toEqual(new Date(2026, 10, 30));
  expect(days[days.length - 1]).toEqual(new Date(2027, 0, 3));
  expect(days.length % 7).toBe(0);
  expect(daysOf("week", new Date(2026, 11, 3)).map((d) => d.getDate())).toEqual([30, 1, 2, 3, 4, 5, 6]);
});

test("shows publishes and expiries on their day, and asks the API for the days in view", async () => {
  const now = new Date();
  const at = new Date(now.getFullYear(), now.getMonth(), 10, 9, 30).toISOString();
  const calls = fakeApi({
    "GET /v1/calendar": () =>
      json(200, { entries: [{ content_id: "c1", title: "Lessons", type: "news", status: "scheduled", kind: "publish", at, movable: true }] }),
  });
  renderScreen(<Calendar />);
  expect(await screen.findByRole("link", { name: "Lessons" })).toHaveAttribute("href", "/library/c1");
  expect(screen.getByTestId("calendar-entry")).toHaveTextContent("Publishes");
  expect(screen.getByRole("button", { name: "Move" })).toBeInTheDocument();
  const url = new URL(calls[0].url);
  expect(url.searchParams.get("from")! <= url.searchParams.get("to")!).toBe(true);
});
