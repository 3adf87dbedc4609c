// The API's bodies by their OpenAPI schema name, e.g. Schema<"FeedItem">.
import type { components } from "@/lib/api/schema";

export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
