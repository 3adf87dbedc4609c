import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface Person {
  employee_id: string;
  name?: string;
  department?: string;
  role?: string;
  location?: string;
  language?: string;
  left: boolean;
  left_at?: string;
}

export function usePeople(cursor: string | null) {
  return useQuery({
    queryKey: ["people", cursor],
    queryFn: async () =>
      (await unwrap(api.GET("/v1/org/people", { params: { query: { limit: 100, cursor: cursor ?? undefined } } }))) as {
        items: Person[];
        next_cursor: string | null;
      },
    placeholderData: keepPreviousData,
  });
}
