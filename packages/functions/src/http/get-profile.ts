// GET /users/{id}: a person's profile, with the exact count of their live Dwipps. Public.
import { Profile } from "@dwipper/core";
import { apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";
import { readPublicly } from "../reader";

const route = contract["GET /users/{id}"];

export const handler = apiHandler(async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, () => Profile.get(id)));
});
