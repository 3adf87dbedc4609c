import { vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { ForecastCalculator } from "@/features/forecast/components/ForecastCalculator";

// The whole screen renders in jsdom on a shared CPU: give it time.
vi.setConfig({ testTimeout: 20_000 });

function forecast(url: URL) {
  const input = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
  const participants = input("participants", 40);
  const posts = input("posts_per_participant", 2);
  const clicks = input("clicks_per_share", 4);
  const cpc = input("cpc", 3);
  const source = url.searchParams.size ? "query" : "history";
  return json(200, {
    value: participants * posts * clicks * cpc,
    currency: "EUR",
    formula: "participants × posts per participant × clicks per share × cost per click",
    horizon: "90 days",
    inputs: {
      participants: { value: participants, source },
      posts_per_participant: { value: posts, source },
      clicks_per_share: { value: clicks, source },
      cpc: { value: cpc, source },
    },
    history: { from: "2026-09-03", to: "2026-12-01", enough: true, rule: "" },
    benchmarks: { participants: 1000, posts_per_participant: 5, clicks_per_share: 6, cpc: 3 },
  });
}

test("starts from the org's own figures and reaches the worked example", async () => {
  fakeApi({ "GET /v1/reports/forecast": (_r, url) => forecast(url) });
  renderScreen(<ForecastCalculator />);
  expect(await screen.findByDisplayValue("40")).toBeInTheDocument();
  expect(screen.getByTestId("forecast-value")).toHaveTextContent("€960.00");
  await userEvent.click(screen.getByRole("button", { name: /worked example/ }));
  expect(await screen.findByText("Forecast: €90,000.00")).toBeInTheDocument();
  expect(screen.getByTestId("forecast-value")).toHaveTextContent("1,000 × 5 × 6 × €3.00 = €90,000.00");
  expect(screen.getByText(/Period it covers/)).toBeInTheDocument();
});

test("an untouched field names where its figure comes from; a changed one says it is the reader's", async () => {
  fakeApi({
    "GET /v1/reports/forecast": (_r, url) => {
      const given = (name: string) => url.searchParams.has(name);
      const value = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
      const inputs = {
        participants: { value: value("participants", 6), source: given("participants") ? "query" : "enrolled" },
        posts_per_participant: { value: value("posts_per_participant", 5), source: given("posts_per_participant") ? "query" : "benchmark" },
        clicks_per_share: { value: value("clicks_per_share", 6), source: given("clicks_per_share") ? "query" : "benchmark" },
        cpc: { value: value("cpc", 3), source: given("cpc") ? "query" : "benchmark" },
      };
      const total = inputs.participants.value * inputs.posts_per_participant.value * inputs.clicks_per_share.value * inputs.cpc.value;
      return json(200, {
        value: total,
        currency: "EUR",
        formula: "",
        horizon: "90 days",
        inputs,
        history: { from: "2026-09-03", to: "2026-12-01", enough: false, rule: "" },
        benchmarks: { participants: 1000, posts_per_participant: 5, clicks_per_share: 6, cpc: 3 },
      });
    },
  });
  renderScreen(<ForecastCalculator />, { language: "nl" });
  expect(await screen.findByText("Uit het aantal aangemelde mensen in je organisatie")).toBeInTheDocument();
  expect(screen.getAllByText("Uit de benchmark")).toHaveLength(3);
  expect(screen.queryByText("Uit jouw invoer")).not.toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: /rekenvoorbeeld/ }));
  expect(await screen.findByText("Prognose: € 90.000,00")).toBeInTheDocument();
  // Only the participants changed (1.000 instead of 6); the benchmark's own figures still say so.
  expect(screen.getByText("Uit jouw invoer")).toBeInTheDocument();
  expect(screen.getAllByText("Uit de benchmark")).toHaveLength(3);
});
