import { Library } from "@/features/library/components/Library";

export function Component() {
  return <Library />;
}
