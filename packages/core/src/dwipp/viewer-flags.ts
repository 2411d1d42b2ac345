// Whether the caller upvoted and favorited each of a list of Dwipps: one batched read of the
// caller's own upvote and favorite records, never a read of everyone's.
import { batchGet, tables } from "../dynamo";
import { favoriteKey, upvoteKey, type ViewerFlags } from "./item";

export async function viewerFlags(
  actorId: string,
  dwippIds: string[],
): Promise<Map<string, ViewerFlags>> {
  const flags = new Map<string, ViewerFlags>(
    dwippIds.map((id) => [id, { upvotedByMe: false, favoritedByMe: false }]),
  );
  if (dwippIds.length === 0) return flags;
  const found = await batchGet({
    [tables.dwipps]: dwippIds.map((id) => upvoteKey(id, actorId)),
    [tables.favorites]: dwippIds.map((id) => favoriteKey(actorId, id)),
  });
  for (const record of found[tables.dwipps] ?? []) {
    const id = record.pk?.slice("DWIPP#".length);
    const entry = id ? flags.get(id) : undefined;
    if (entry) entry.upvotedByMe = true;
  }
  for (const record of found[tables.favorites] ?? []) {
    const id = record.sk?.slice("DWIPP#".length);
    const entry = id ? flags.get(id) : undefined;
    if (entry) entry.favoritedByMe = true;
  }
  return flags;
}
