import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer, type ShareableItem } from "@/features/composer/components/Composer";
import { mockApi } from "@/test/api";
import { renderWithApp } from "@/test/render";

const item: ShareableItem = {
  content_id: "c1",
  title: "Five lessons",
  url: "https://example.com/a",
  suggested_texts: ["First suggestion.", "Second suggestion."],
  networks: ["linkedin", "x"],
};

const connections = { items: [{ network: "linkedin", status: "active" }, { network: "x", status: "active" }] };

function verdict(network: string, warnings: { code: string; message: string }[] = []) {
  return {
    allowed: true,
    status: 202,
    network,
    text: "",
    post_at: "2026-12-01T10:00:00+00:00",
    scheduled: false,
    reasons: [],
    warnings,
    length: { text: 10, link: 0, total: 10, limit: 3000 },
  };
}

describe("the composer", () => {
  it("starts from the first suggestion, offers the others and counts as I type", async () => {
    mockApi({ "GET /v1/me/connections": connections, "POST /v1/shares/check": verdict("linkedin") });
    renderWithApp(<Composer item={item} onClose={() => {}} onShared={() => {}} />);
    const text = screen.getByLabelText("Your text on LinkedIn");
    expect(text).toHaveValue("First suggestion.");
    await userEvent.click(screen.getByRole("button", { name: "Suggestion 2" }));
    expect(text).toHaveValue("Second suggestion.");
    await userEvent.clear(text);
    await userEvent.type(text, "Mine");
    expect(screen.getByTestId("length")).toHaveTextContent("LinkedIn counts 4 of 3,000");
  });

  it("shows the guard's verdict before I share, and refuses a text too long for X", async () => {
    const calls = mockApi({
      "GET /v1/me/connections": connections,
      "POST /v1/shares/check": ({ body }: { body: unknown }) =>
        verdict((body as { network: string }).network, [{ code: "disclosure_added", message: "We add: I work at Acme." }]),
    });
    renderWithApp(<Composer item={item} onClose={() => {}} onShared={() => {}} />);
    expect(await screen.findByText("We add: I work at Acme.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "X" }));
    const text = screen.getByLabelText("Your text on X");
    await userEvent.clear(text);
    await userEvent.click(text);
    await userEvent.paste("a".repeat(260));
    expect(screen.getByTestId("length")).toHaveTextContent("X counts 285 of 280");
    expect(screen.getByRole("alert")).toHaveTextContent("5 too many for X");
    expect(screen.getByRole("button", { name: "Share on X now" })).toBeDisabled();
    await waitFor(() => expect(calls.some((c) => c.path === "/v1/shares/check" && (c.body as { network: string }).network === "x")).toBe(true));
    expect(calls.find((c) => c.path === "/v1/shares/check")?.headers.get("Accept-Language")).toBe("en");
  });

  it("shares with my text and tells the route", async () => {
    const calls = mockApi({
      "GET /v1/me/connections": connections,
      "POST /v1/shares/check": verdict("linkedin"),
      "POST /v1/shares": { status: 202, body: { share_id: "s1", status: "queued", warnings: [] } },
    });
    const shared = vi.fn();
    renderWithApp(<Composer item={item} onClose={() => {}} onShared={shared} />);
    await userEvent.click(await screen.findByRole("button", { name: "Share on LinkedIn now" }));
    await waitFor(() => expect(shared).toHaveBeenCalledWith(expect.objectContaining({ share_id: "s1" }), "linkedin"));
    expect(calls.find((c) => c.method === "POST" && c.path === "/v1/shares")?.body).toEqual({
      content_id: "c1",
      network: "linkedin",
      text: "First suggestion.",
      scheduled_at: null,
    });
  });

  it("explains a refusal in the API's words", async () => {
    mockApi({
      "GET /v1/me/connections": connections,
      "POST /v1/shares/check": verdict("linkedin"),
      "POST /v1/shares": {
        status: 409,
        body: { error: { code: "cap_reached", message: "You shared 3 times today.", reasons: [{ code: "cap_reached", message: "You shared 3 times today." }] } },
      },
    });
    renderWithApp(<Composer item={item} onClose={() => {}} onShared={() => {}} />);
    await userEvent.click(await screen.findByRole("button", { name: "Share on LinkedIn now" }));
    expect(await screen.findByText("You shared 3 times today.")).toBeInTheDocument();
  });
});
