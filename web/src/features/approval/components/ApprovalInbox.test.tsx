import { vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { ApprovalInbox } from "@/features/approval/components/ApprovalInbox";

// The whole screen renders in jsdom on a shared CPU: give it time.
vi.setConfig({ testTimeout: 20_000 });

const ITEM = {
  content_id: "c1",
  type: "news",
  title: "Lessons",
  summary: "What we learned",
  status: "in_review",
  author: "anna",
  suggested_texts: { en: ["Worth a read"] },
  audience: { departments: ["Engineering"], roles: [], locations: [], languages: [] },
};

test("sending back needs a reason, which goes to the API; the history shows who did what", async () => {
  let queue = [ITEM];
  const calls = fakeApi({
    "GET /v1/content": () => json(200, { items: queue, next_cursor: null }),
    "GET /v1/content/c1": () =>
      json(200, {
        ...ITEM,
        author_name: "Anna de Vries",
        audit: [{ action: "submit", actor: "anna", actor_name: "Anna de Vries", at: "2026-12-01T09:00:00Z", to: "in_review" }],
      }),
    "POST /v1/content/c1/reject": () => {
      queue = [];
      return json(200, { ...ITEM, status: "draft" });
    },
  });
  renderScreen(<ApprovalInbox />, { path: "/approval?content=c1" });
  expect(await screen.findByText(/Anna de Vries sent it for review/)).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Send back" }));
  await userEvent.type(screen.getByLabelText("Reason (the author reads it)"), "Leave out the client's name");
  await userEvent.click(screen.getByRole("button", { name: "Send back with this reason" }));
  expect(await screen.findByText("Sent back to the author: “Lessons”.")).toBeInTheDocument();
  const reject = calls.find((c) => c.url.endsWith("/reject"))!;
  expect(await reject.json()).toEqual({ reason: "Leave out the client's name" });
});
