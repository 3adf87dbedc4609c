import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export type Profile = Schema<"EmployeeProfile">;

export function useProfile() {
  return useQuery({ queryKey: ["me"], queryFn: async () => (await unwrap(api.GET("/v1/me"))) as Profile });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (profile: Omit<Profile, "employee_id" | "email">) => (await unwrap(api.PUT("/v1/me", { body: profile }))) as Profile,
    onSuccess: (saved) => {
      client.setQueryData(["me"], saved);
      // Feed texts and the guard's messages come in the profile's language.
      void client.invalidateQueries({ queryKey: ["feed"] });
    },
  });
}
