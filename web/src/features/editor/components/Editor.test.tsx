import { vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { Editor } from "@/features/editor/components/Editor";

// The whole screen renders in jsdom on a shared CPU: give it time.
vi.setConfig({ testTimeout: 20_000 });

const OPTIONS = {
  employees: 6,
  departments: [
    { value: "Engineering", people: 2 },
    { value: "Sales", people: 2 },
  ],
  roles: [],
  locations: [],
  languages: [
    { value: "en", people: 3 },
    { value: "nl", people: 3 },
  ],
};

function api(extra = {}) {
  return fakeApi({
    "GET /v1/audience": () => json(200, OPTIONS),
    "POST /v1/audience/reach": async (request) => {
      const audience = (await request.json()) as { departments: string[] };
      return json(200, { reach: audience.departments.includes("Engineering") ? 2 : 6, employees: 6 });
    },
    ...extra,
  });
}

test("the audience picker says how many people the audience reaches", async () => {
  api();
  renderScreen(<Editor />);
  expect(await screen.findByText("Reaches 6 of 6 people.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("checkbox", { name: "Engineering (2)" }));
  expect(await screen.findByText("Reaches 2 of 6 people.")).toBeInTheDocument();
});

test("each variant counts its characters the way each network counts them", async () => {
  api();
  renderScreen(<Editor />);
  await userEvent.type(screen.getByLabelText("English variant 1"), "Hello");
  // X and Bluesky carry the tracked link in the text (after a blank line); LinkedIn shows it as a card.
  const x = Number(/X: (\d+) of 280/.exec(screen.getByTestId("count-x").textContent ?? "")?.[1]);
  expect(x).toBeGreaterThan(5 + 2 + 10);
  expect(screen.getByTestId("count-linkedin")).toHaveTextContent("LinkedIn: 5 of 3,000");
});

test("the API's validation message shows next to the field it names", async () => {
  api({
    "POST /v1/content": () =>
      json(422, { error: { code: "validation_failed", field: "url", message: "url: Input should be a valid URL" } }),
  });
  renderScreen(<Editor />);
  await userEvent.type(screen.getByLabelText("Title"), "Lessons");
  await userEvent.type(screen.getByLabelText("Link to share"), "not a url");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  const message = (await screen.findAllByText("url: Input should be a valid URL"))[0];
  await waitFor(() => expect(message.closest(".field")).toContainElement(screen.getByLabelText("Link to share")));
});
