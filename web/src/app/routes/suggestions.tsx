import { SuggestionsInbox } from "@/features/suggestions/components/SuggestionsInbox";

export function Component() {
  return <SuggestionsInbox />;
}
