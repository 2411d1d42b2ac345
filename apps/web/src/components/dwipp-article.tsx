"use client";
// One Dwipp as a person sees it, with what they can do to it. Its text is rendered as text, never
// as HTML. Upvote and Favorite are toggle buttons whose pressed state is the caller's own.
import { checkDraft, MAX_CONTENT_LENGTH } from "@dwipper/core/dwipp/content";
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useDelete, useEdit, useHistory, useToggle } from "@/api/dwipp-cache";
import { signInPath, useAuth } from "@/auth/auth-context";
import { Avatar } from "./avatar";
import { ItemLink } from "./item-link";
import { dwippPath, profilePath } from "./paths";
import { exactTimeOnHover, RelativeTime } from "./relative-time";

const actionButton =
  "inline-flex items-center gap-1 rounded-full px-3 py-1.5 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-700 disabled:cursor-wait dark:hover:bg-zinc-800";

/** The texts an edited Dwipp had before, newest first, each with when an edit replaced it. */
function EarlierTexts({ id, domId }: { id: string; domId: string }) {
  const history = useHistory(id, true);
  return (
    <section
      id={domId}
      aria-label="Earlier texts"
      className="mt-2 rounded-xl border border-zinc-200 p-3 text-sm dark:border-zinc-700"
    >
      {history.isPending && <p role="status">Loading earlier texts…</p>}
      {history.isError && <p role="alert">We could not load the earlier texts.</p>}
      {history.data && (
        <ol className="flex flex-col gap-2">
          {history.data.items.map((revision) => (
            <li key={revision.at}>
              <p className="whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">
                {revision.content}
              </p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                replaced <RelativeTime iso={revision.at} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ToggleButton({
  label,
  pressed,
  count,
  icon,
  busy,
  onToggle,
}: {
  label: string;
  pressed: boolean;
  count: number;
  icon: string;
  busy: boolean;
  onToggle: () => void;
}) {
  return (
    <span className="inline-flex items-center">
      <button
        type="button"
        aria-pressed={pressed}
        disabled={busy}
        onClick={onToggle}
        className={`${actionButton} ${pressed ? "font-semibold text-sky-700 dark:text-sky-400" : ""}`}
      >
        <span aria-hidden="true">{icon}</span>
        {label}
      </button>
      <span className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">{count}</span>
    </span>
  );
}

function EditForm({ dwipp, onDone }: { dwipp: Dwipp; onDone: () => void }) {
  const [text, setText] = useState(dwipp.content);
  const [problem, setProblem] = useState<string | null>(null);
  const edit = useEdit();
  const inputId = useId();
  const { length, problem: draftProblem } = checkDraft(text);

  function save(event: FormEvent) {
    event.preventDefault();
    if (draftProblem) {
      setProblem(draftProblem);
      return;
    }
    edit.mutate({ id: dwipp.id, content: text });
    onDone();
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-2">
      <label htmlFor={inputId} className="sr-only">
        Edit Dwipp
      </label>
      <textarea
        id={inputId}
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={3}
        className="w-full rounded-md border border-zinc-300 bg-transparent p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-zinc-700"
      />
      <p role="alert" className="text-sm text-red-700 empty:hidden dark:text-red-400">
        {problem}
      </p>
      {/* On a narrow phone the buttons go under the count rather than past the column's start. */}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <span
          className={`mr-auto text-sm tabular-nums ${length > MAX_CONTENT_LENGTH ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
        >
          {length} / {MAX_CONTENT_LENGTH} characters
        </span>
        <button type="button" onClick={onDone} className={actionButton}>
          Cancel
        </button>
        <button
          type="submit"
          className="rounded-full bg-sky-700 px-4 py-1 text-sm font-semibold text-white hover:bg-sky-800"
        >
          Save
        </button>
      </div>
    </form>
  );
}

function DeleteDialog({
  open,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={onCancel}
      className="m-auto rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={titleId} className="mb-2 text-lg font-semibold">
        Delete this Dwipp?
      </h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        It will be gone for everyone, with its upvotes and favorites.
      </p>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onCancel} className={actionButton}>
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          className="rounded-full bg-red-700 px-4 py-1 text-sm font-semibold text-white hover:bg-red-800"
        >
          Delete
        </button>
      </div>
    </dialog>
  );
}

/** Copies the Dwipp's address, and says so in words. */
function CopyLink({ id }: { id: string }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), 4_000);
    return () => clearTimeout(timer);
  }, [said]);
  async function copy() {
    const address = new URL(dwippPath(id), window.location.origin).href;
    try {
      await navigator.clipboard.writeText(address);
      setSaid("Link copied");
    } catch {
      setSaid(`Copy this link: ${address}`);
    }
  }
  return (
    <span className="inline-flex items-center gap-1">
      <button type="button" onClick={copy} className={actionButton}>
        Copy link
      </button>
      <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        {said}
      </span>
    </span>
  );
}

export function DwippArticle({ dwipp }: { dwipp: Dwipp }) {
  const { state } = useAuth();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const upvote = useToggle("upvote");
  const favorite = useToggle("favorite");
  const remove = useDelete();
  const mine = state.session?.sub === dwipp.author.id;
  const router = useRouter();
  const pathname = usePathname();
  // Signed out, Upvote and Favorite lead to signing in, and back here.
  const orSignIn = (act: () => void) => () =>
    state.status === "signed-in"
      ? act()
      : router.push(signInPath(`${pathname}${window.location.search}`));
  const titleId = `dwipp-${dwipp.id}-author`;
  const historyId = `dwipp-${dwipp.id}-history`;
  const [showHistory, setShowHistory] = useState(false);

  return (
    <article
      aria-labelledby={titleId}
      className="flex gap-3 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Avatar id={dwipp.author.id} name={dwipp.author.name} />
      <div className="min-w-0 flex-1">
        <header className="mb-1 flex flex-wrap items-baseline gap-x-2 text-sm">
          <ItemLink
            id={titleId}
            href={profilePath(dwipp.author.id)}
            className="font-semibold wrap-anywhere hover:underline focus-visible:outline-2 focus-visible:outline-sky-700"
          >
            {dwipp.author.name}
          </ItemLink>
          <ItemLink
            href={dwippPath(dwipp.id)}
            className="text-zinc-600 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700 dark:text-zinc-400"
          >
            <RelativeTime iso={dwipp.createdAt} />
          </ItemLink>
          {dwipp.editedAt && (
            <button
              type="button"
              aria-expanded={showHistory}
              aria-controls={historyId}
              {...exactTimeOnHover(dwipp.editedAt, (time) => `Edited ${time}`)}
              onClick={() => setShowHistory((open) => !open)}
              className="rounded-full bg-zinc-100 px-2 text-xs text-zinc-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700 dark:bg-zinc-800 dark:text-zinc-300"
            >
              edited
            </button>
          )}
        </header>
        {editing ? (
          <EditForm dwipp={dwipp} onDone={() => setEditing(false)} />
        ) : (
          <p className="whitespace-pre-wrap break-words text-[15px] leading-relaxed">
            {dwipp.content}
          </p>
        )}
        {showHistory && <EarlierTexts id={dwipp.id} domId={historyId} />}
        <div className="-ml-3 mt-2 flex flex-wrap items-center gap-2">
          <ToggleButton
            label="Upvote"
            icon="▲"
            pressed={dwipp.upvotedByMe}
            count={dwipp.upvotes}
            busy={upvote.isPending}
            onToggle={orSignIn(() => upvote.mutate({ dwipp, on: !dwipp.upvotedByMe }))}
          />
          <ToggleButton
            label="Favorite"
            icon="★"
            pressed={dwipp.favoritedByMe}
            count={dwipp.favorites}
            busy={favorite.isPending}
            onToggle={orSignIn(() => favorite.mutate({ dwipp, on: !dwipp.favoritedByMe }))}
          />
          <CopyLink id={dwipp.id} />
          {mine && !editing && (
            <span className="ml-auto flex gap-1">
              <button type="button" className={actionButton} onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className={actionButton} onClick={() => setConfirming(true)}>
                Delete
              </button>
            </span>
          )}
        </div>
      </div>
      {mine && (
        <DeleteDialog
          open={confirming}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            remove.mutate(dwipp.id);
          }}
        />
      )}
    </article>
  );
}
