// GET /users/{id}/dwipps: a person's Dwipps, newest first, a page at a time. Public. Someone with
// no profile is not found, like their profile; the profile is read beside the page.
import * as Dwipp from "@dwipper/core/dwipp";
import * as Profile from "@dwipper/core/profile";
import { apiHandler, json, parsePath, parseQuery } from "../api-handler";
import { listUserDwipps as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const { id } = parsePath(event, route.path);
  const query = parseQuery(event, route.query);
  return json(
    200,
    await readPublicly(event, async (reader) => {
      const [, page] = await Promise.all([Profile.get(id), Dwipp.listByAuthor(reader, id, query)]);
      return page;
    }),
  );
});
