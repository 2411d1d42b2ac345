// GET /users/{id}: a person's profile, with the exact count of their live Dwipps. Public.
import * as Profile from "@dwipper/core/profile";
import { apiHandler, json, parsePath } from "../api-handler";
import { getProfile as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, () => Profile.get(id)));
});
