// A link from a list to one item's own page: a Dwipp's or a person's. A list shows dozens, and
// every Dwipp (every person) has the same static page, told apart by its query: fetching each
// one's page ahead would ask for the same files again under another query, and slow the list's
// own first load, for pages most readers never open. So these are fetched when followed.
import Link from "next/link";
import type { ComponentProps } from "react";

export function ItemLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  return <Link {...props} prefetch={false} />;
}
