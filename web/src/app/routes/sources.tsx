// The curator's industry sources (RSS and Atom feeds) whose entries arrive as drafts in the library.
import { Sources } from "@/features/sources/components/Sources";

export function Component() {
  return <Sources />;
}
