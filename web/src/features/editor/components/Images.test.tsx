import { vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, renderScreen } from "@/test/staff";
import { Editor } from "@/features/editor/components/Editor";

vi.setConfig({ testTimeout: 20_000 });

const OPTIONS = { employees: 2, departments: [], roles: [], locations: [], languages: [] };
const UPLOAD = "https://storage.example/estafette-media";

function api(extra = {}) {
  return fakeApi({
    "GET /v1/audience": () => json(200, OPTIONS),
    "POST /v1/audience/reach": () => json(200, { reach: 2, employees: 2 }),
    "POST /v1/media": () =>
      json(201, {
        media_id: "a".repeat(20),
        content_type: "image/png",
        max_bytes: 5 * 1024 * 1024,
        expires_in: 900,
        upload: { url: UPLOAD, fields: { key: "uploads/demo/" + "a".repeat(20), "Content-Type": "image/png", policy: "p" } },
      }),
    "POST /estafette-media": () => new Response(null, { status: 204 }),
    ...extra,
  });
}

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => "blob:preview-1");
});

function png(name = "chart.png", bytes = 2048) {
  return new File([new Uint8Array(bytes)], name, { type: "image/png" });
}

test("an image is uploaded to storage with the form the API gave, previewed, and saved with its alt text", async () => {
  const calls = api({ "POST /v1/content": () => json(201, { content_id: "c1" }) });
  const user = userEvent.setup();
  renderScreen(<Editor />);
  await user.type(screen.getByLabelText("Title"), "Reach");
  await user.type(screen.getByLabelText("English variant 1"), "Worth a read");
  await user.upload(screen.getByLabelText("Add an image"), png());

  const item = await screen.findByTestId("editor-image");
  const preview = item.querySelector("img")!; // no alt text yet: a presentational image until it is described
  expect(preview).toHaveAttribute("src", "blob:preview-1");
  const asked = calls.find((c) => c.url.endsWith("/v1/media"))!;
  expect(await asked.json()).toEqual({ content_type: "image/png", size: 2048 });
  const stored = calls.find((c) => c.url === UPLOAD)!;
  expect(stored.headers.get("Authorization")).toBeNull(); // the token never goes to storage
  const form = await stored.formData();
  expect([...form.keys()]).toEqual(["key", "Content-Type", "policy", "file"]); // the file last, as S3 wants

  // Written in English only: English alt text is the one required.
  expect(screen.getByLabelText("Image 1: alt text (English)")).toBeRequired();
  expect(screen.queryByLabelText("Image 1: alt text (Dutch)")).toBeNull();
  await user.type(screen.getByLabelText("Image 1: alt text (English)"), "Bar chart of reach");
  expect(preview).toHaveAttribute("alt", "Bar chart of reach");
  await user.click(screen.getByRole("button", { name: "Save" }));
  await waitFor(() => expect(calls.some((c) => c.url.endsWith("/v1/content"))).toBe(true));
  const saved = await calls.find((c) => c.url.endsWith("/v1/content"))!.json();
  expect(saved.images).toEqual([{ media_id: "a".repeat(20), alt: { en: "Bar chart of reach" } }]);
});

test("a file of the wrong type or over 5 MB is refused before anything is sent, in the reader's language", async () => {
  const calls = api();
  const user = userEvent.setup({ applyAccept: false });
  renderScreen(<Editor />);
  await user.upload(screen.getByLabelText("Add an image"), new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("logo.svg is not a JPEG, PNG, GIF or WebP image.");
  expect(calls.some((c) => c.url.endsWith("/v1/media"))).toBe(false);
});

test("in Dutch, a large file is named with its size", async () => {
  const calls = api();
  const user = userEvent.setup();
  renderScreen(<Editor />, { language: "nl" });
  await user.upload(screen.getByLabelText("Afbeelding toevoegen"), png("foto.png", 6 * 1024 * 1024));
  expect(await screen.findByRole("alert")).toHaveTextContent("foto.png is 6 MB; een afbeelding mag hoogstens 5 MB zijn.");
  expect(calls.some((c) => c.url.endsWith("/v1/media"))).toBe(false);
});

test("an item's images show with their alt texts; one can be removed, and the API's missing alt text shows at its field", async () => {
  const item = {
    content_id: "c1",
    type: "industry",
    url: "https://example.com/r",
    title: "Reach",
    summary: "",
    status: "draft",
    suggested_texts: { en: ["Read"], nl: ["Lees"] },
    networks: ["linkedin"],
    audience: { departments: [], roles: [], locations: [], languages: [] },
    images: [
      { media_id: "b".repeat(20), alt: { en: "Chart", nl: "Grafiek" }, url: "https://storage.example/b", content_type: "image/png" },
      { media_id: "c".repeat(20), alt: { en: "Team", nl: "" }, url: "https://storage.example/c", content_type: "image/jpeg" },
    ],
  };
  api({
    "PATCH /v1/content/c1": () =>
      json(422, { error: { code: "alt_text_required", field: "images.0.alt.nl", message: "Alt text in 'nl' is required." } }),
  });
  const user = userEvent.setup();
  renderScreen(<Editor item={item} />);
  expect(screen.getByRole("img", { name: "Chart" })).toHaveAttribute("src", "https://storage.example/b");
  await user.click(screen.getByRole("button", { name: "Remove image 1" }));
  expect(screen.queryByRole("img", { name: "Chart" })).toBeNull();
  expect(screen.getByLabelText("Image 1: alt text (Dutch)")).toHaveValue("");
  await user.click(screen.getByRole("button", { name: "Save" }));
  const dutch = screen.getByLabelText("Image 1: alt text (Dutch)");
  await waitFor(() => expect(dutch).toHaveAttribute("aria-invalid", "true"));
  expect(dutch.closest(".field")).toHaveTextContent("Alt text in 'nl' is required.");
});

test("four images are the most: the picker says so", async () => {
  api();
  const images = ["1", "2", "3", "4"].map((n) => ({ media_id: n.repeat(20), alt: { en: n }, url: `https://storage.example/${n}` }));
  renderScreen(
    <Editor
      item={{
        content_id: "c2",
        type: "news",
        title: "Four",
        summary: "",
        status: "draft",
        suggested_texts: { en: ["x"] },
        networks: ["x"],
        audience: { departments: [], roles: [], locations: [], languages: [] },
        images,
      }}
    />,
  );
  expect(screen.getByLabelText("Add an image")).toBeDisabled();
  expect(screen.getByText(/This item has 4 images, the most a post can carry/)).toBeInTheDocument();
});
