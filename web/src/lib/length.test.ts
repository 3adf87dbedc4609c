import { countLength, graphemes } from "@/lib/length";

const link = "https://estafette.example/r/AbCdEfGhIj";

describe("post length as each network counts it", () => {
  it("X weighs every URL as 23 and emoji and CJK as 2, with the blank line before the link", () => {
    expect(countLength("x", "Hello", link)).toEqual({ text: 5, link: 25, total: 30, limit: 280 });
    expect(countLength("x", "👍", link).text).toBe(2);
    expect(countLength("x", "日本", link).text).toBe(4);
    expect(countLength("x", "see https://a.very.long.example.com/path/that/goes/on", link).text).toBe(4 + 23);
  });

  it("Bluesky counts graphemes and the full link, which it does not shorten", () => {
    expect(graphemes("👨‍👩‍👧‍👦")).toBe(1);
    expect(countLength("bluesky", "👨‍👩‍👧‍👦 hi", link)).toEqual({ text: 4, link: 2 + link.length, total: 4 + 2 + link.length, limit: 300 });
  });

  it("LinkedIn allows 3,000 and carries the link apart from the text", () => {
    expect(countLength("linkedin", "x".repeat(2990), link)).toEqual({ text: 2990, link: 0, total: 2990, limit: 3000 });
  });

  it("an empty text leaves only the link where the link is in the text", () => {
    expect(countLength("x", "   ", link)).toEqual({ text: 0, link: 23, total: 23, limit: 280 });
  });
});
