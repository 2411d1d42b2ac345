"use client";
// The cached lists of Dwipps (feed, mine, favorites) and the changes people make to them.
// Every change is shown at once, rolled back if the server refuses it, and replaced by what the
// server answered when it accepts it, so no count disagrees with the server after a response.
import type { Dwipp, FavoriteState, Page, UpvoteState } from "@dwipper/core/dwipp/schema";
import {
  type InfiniteData,
  type QueryClient,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { ApiError, type ListName } from "./api-client";
import { useApi } from "./use-api";

export const listKey = (list: ListName) => ["dwipps", list] as const;
const allLists = ["dwipps"] as const;

type Lists = InfiniteData<Page<Dwipp>, string | undefined>;
type Snapshot = [readonly unknown[], Lists | undefined][];

function updateEverywhere(
  client: QueryClient,
  id: string,
  change: (dwipp: Dwipp) => Dwipp | null,
): void {
  client.setQueriesData<Lists>({ queryKey: allLists }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.flatMap((dwipp) => {
              if (dwipp.id !== id) return [dwipp];
              const changed = change(dwipp);
              return changed ? [changed] : [];
            }),
          })),
        }
      : data,
  );
}

async function snapshot(client: QueryClient): Promise<Snapshot> {
  await client.cancelQueries({ queryKey: allLists });
  return client.getQueriesData<Lists>({ queryKey: allLists });
}

function restore(client: QueryClient, saved: Snapshot | undefined) {
  for (const [key, data] of saved ?? []) client.setQueryData(key, data);
}

export function describeFailure(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** Upvote or favorite, on or off: the button shows the new state at once. */
export function useToggle(kind: "upvote" | "favorite", onError: (message: string) => void) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation<UpvoteState | FavoriteState, Error, { dwipp: Dwipp; on: boolean }, Snapshot>({
    mutationFn: ({ dwipp, on }) =>
      kind === "upvote" ? api.setUpvote(dwipp.id, on) : api.setFavorite(dwipp.id, on),
    onMutate: async ({ dwipp, on }) => {
      const saved = await snapshot(client);
      updateEverywhere(client, dwipp.id, (current) =>
        kind === "upvote"
          ? {
              ...current,
              upvotedByMe: on,
              upvotes: current.upvotes + (on === current.upvotedByMe ? 0 : on ? 1 : -1),
            }
          : {
              ...current,
              favoritedByMe: on,
              favorites: current.favorites + (on === current.favoritedByMe ? 0 : on ? 1 : -1),
            },
      );
      return saved;
    },
    onError: (error, _variables, saved) => {
      restore(client, saved);
      onError(describeFailure(error, `Your ${kind} was not saved. Try again.`));
    },
    onSuccess: (state, { dwipp }) => {
      updateEverywhere(client, dwipp.id, (current) => ({ ...current, ...state }));
      if (kind === "favorite") client.invalidateQueries({ queryKey: listKey("favorites") });
    },
  });
}

export function useEdit(onError: (message: string) => void) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, content }: { id: string; content: string }) =>
      api.editDwipp(id, { content }),
    onMutate: async ({ id, content }) => {
      const saved = await snapshot(client);
      updateEverywhere(client, id, (current) => ({ ...current, content }));
      return saved;
    },
    onError: (error, _variables, saved) => {
      restore(client, saved);
      onError(describeFailure(error, "Your edit was not saved. Try again."));
    },
    onSuccess: (dwipp) => updateEverywhere(client, dwipp.id, () => dwipp),
  });
}

export function useDelete(onError: (message: string) => void) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteDwipp(id),
    onMutate: async (id) => {
      const saved = await snapshot(client);
      updateEverywhere(client, id, () => null);
      return saved;
    },
    onError: (error, _id, saved) => {
      // Already gone is what the person wanted.
      if (error instanceof ApiError && error.status === 404) return;
      restore(client, saved);
      onError(describeFailure(error, "The Dwipp was not deleted. Try again."));
    },
  });
}
