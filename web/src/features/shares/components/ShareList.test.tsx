import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ShareList } from "@/features/shares/components/ShareList";
import { mockApi } from "@/test/api";
import { renderWithApp } from "@/test/render";

const shares = {
  items: [
    { share_id: "s1", content_id: "c1", network: "linkedin", text: "Posted one", status: "posted", post_url: "https://www.linkedin.com/feed/update/1", tracked_url: "http://x/r/abc" },
    { share_id: "s2", content_id: "c2", network: "x", text: "Failed one", status: "failed", failure_reason: "X refused the token: reconnect X." },
    { share_id: "s3", content_id: "c3", network: "bluesky", text: "Later one", status: "scheduled", post_at: "2026-12-24T09:00:00+00:00" },
  ],
};

describe("my shares", () => {
  it("shows each status, the post's link and a failure in words", async () => {
    mockApi({ "GET /v1/shares": shares });
    renderWithApp(<ShareList />);
    expect(await screen.findByText("Posted")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View the post on LinkedIn" })).toHaveAttribute("href", shares.items[0].post_url);
    expect(screen.getByText("Why: X refused the token: reconnect X.")).toBeInTheDocument();
    expect(screen.getByText("Scheduled")).toBeInTheDocument();
  });

  it("cancels a scheduled share", async () => {
    const calls = mockApi({ "GET /v1/shares": shares, "DELETE /v1/shares/s3": { share_id: "s3", status: "cancelled" } });
    renderWithApp(<ShareList />);
    await userEvent.click(await screen.findByRole("button", { name: "Cancel this scheduled share" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === "/v1/shares/s3")).toBe(true));
    expect(await screen.findByText("The share is cancelled.")).toBeInTheDocument();
  });
});
