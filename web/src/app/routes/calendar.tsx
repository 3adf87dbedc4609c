import { Calendar } from "@/features/calendar/components/Calendar";

export function Component() {
  return <Calendar />;
}
