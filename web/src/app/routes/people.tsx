import { People } from "@/features/people/components/People";

export function Component() {
  return <People />;
}
