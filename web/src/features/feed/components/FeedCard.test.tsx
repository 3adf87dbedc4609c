import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FeedCard } from "@/features/feed/components/FeedCard";
import type { FeedItem } from "@/features/feed/api/feed";
import "@/features/feed/locales";
import { renderWithApp } from "@/test/render";

const item: FeedItem = {
  content_id: "c1",
  type: "vacancy",
  title: "Senior Platform Engineer",
  summary: "Build the platform.",
  url: "https://example.com/jobs/1",
  image_url: null,
  images: [],
  language: "en",
  suggested_texts: ["Join us"],
  notes: { do: ["Say why you like it here"], dont: [] },
  networks: ["linkedin"],
  published_at: "2026-11-30T08:00:00+00:00",
  expires_at: "2026-12-31T08:00:00+00:00",
  targeted_at_my: ["department"],
  colleagues_shared: 2,
  score: 1,
};

describe("a feed card", () => {
  it("says why I see it, what it is and until when", async () => {
    const share = vi.fn();
    renderWithApp(
      <ul>
        <FeedCard item={item} onShare={share} />
      </ul>,
    );
    expect(screen.getByText("Vacancy")).toBeInTheDocument();
    expect(screen.getByText("Why you see this: it was picked for your department.")).toBeInTheDocument();
    expect(screen.getByText(/Shareable until 31 Dec 2026/)).toBeInTheDocument();
    expect(screen.getByText("2 colleagues shared this")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /example\.com/ })).toHaveAttribute("href", item.url);
    await userEvent.click(screen.getByRole("button", { name: "Share “Senior Platform Engineer”" }));
    expect(share).toHaveBeenCalledWith(item);
  });

  it("speaks Dutch to a Dutch reader", () => {
    renderWithApp(
      <ul>
        <FeedCard item={{ ...item, targeted_at_my: [] }} onShare={() => {}} />
      </ul>,
      { language: "nl" },
    );
    expect(screen.getByText("Vacature")).toBeInTheDocument();
    expect(screen.getByText("Waarom je dit ziet: het is voor iedereen in het bedrijf.")).toBeInTheDocument();
  });

  it("shows the item's images with their alt text", () => {
    const images = [{ media_id: "a".repeat(20), content_type: "image/png", url: "https://storage.example/a", alt: "Bar chart: reach grows" }];
    renderWithApp(
      <ul>
        <FeedCard item={{ ...item, images }} onShare={() => {}} />
      </ul>,
    );
    expect(screen.getByRole("list", { name: "1 image" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Bar chart: reach grows" })).toHaveAttribute("src", "https://storage.example/a");
  });
});
