// One Dwipp as a person sees it. Its text is rendered as text, never as HTML.
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { RelativeTime } from "./relative-time";

export function DwippArticle({ dwipp }: { dwipp: Dwipp }) {
  const titleId = `dwipp-${dwipp.id}-author`;
  return (
    <article
      aria-labelledby={titleId}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="mb-1 flex items-baseline gap-2 text-sm">
        <span id={titleId} className="font-semibold">
          {dwipp.author.name}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          <RelativeTime iso={dwipp.createdAt} />
          {dwipp.editedAt && " · edited"}
        </span>
      </header>
      <p className="whitespace-pre-wrap break-words">{dwipp.content}</p>
    </article>
  );
}
