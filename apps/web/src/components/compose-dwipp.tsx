"use client";
// The post box. Each draft gets its id when it is first sent, so a double click or a retry repeats
// the same request and never makes two Dwipps. The Dwipp shows in the feed at once; if the server
// refuses it, the text comes back to the box.
import { checkDraft, MAX_CONTENT_LENGTH } from "@dwipper/core/dwipp/content";
import { type FormEvent, useId, useRef, useState } from "react";
import { v4 as uuidv4 } from "uuid";
import { useCreate } from "@/api/dwipp-cache";
import { FormNotice, type Notice } from "./form-controls";

const WARN_AT = MAX_CONTENT_LENGTH - 20;

export function ComposeDwipp() {
  const [text, setText] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const draftId = useRef<string | null>(null);
  const inputId = useId();
  const countId = useId();
  const post = useCreate();

  const { length, problem } = checkDraft(text);
  const tooLong = length > MAX_CONTENT_LENGTH;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (post.isPending) return;
    if (problem) {
      setNotice({ kind: "error", text: problem });
      return;
    }
    setNotice(null);
    draftId.current ??= uuidv4();
    const sent = text;
    setText("");
    post.mutate(
      { id: draftId.current, content: sent },
      {
        onSuccess: () => {
          draftId.current = null;
        },
        // The same draft comes back, under the same id, ready to be sent again.
        onError: () => setText((current) => current || sent),
      },
    );
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Post a Dwipp"
      className="mb-6 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <label htmlFor={inputId} className="sr-only">
        What's on your mind?
      </label>
      <textarea
        id={inputId}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          // Changed text is a new request: it must not reuse the id of one already sent.
          draftId.current = null;
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
        }}
        placeholder="What's on your mind?"
        aria-describedby={countId}
        rows={3}
        className="w-full resize-y rounded-lg border border-zinc-300 bg-transparent p-3 text-base outline-none placeholder:text-zinc-500 focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-zinc-700 dark:placeholder:text-zinc-400"
      />
      <div className="mt-2 flex items-center justify-between gap-3">
        <p
          id={countId}
          aria-live="polite"
          className={`text-sm tabular-nums ${
            tooLong
              ? "font-semibold text-red-700 dark:text-red-400"
              : length > WARN_AT
                ? "font-medium text-amber-800 dark:text-amber-300"
                : "text-zinc-600 dark:text-zinc-400"
          }`}
        >
          {length} / {MAX_CONTENT_LENGTH} characters
          {tooLong
            ? " (too long)"
            : length > WARN_AT
              ? ` (${MAX_CONTENT_LENGTH - length} left)`
              : ""}
        </p>
        <span className="hidden text-xs text-zinc-600 sm:inline dark:text-zinc-400">
          Ctrl+Enter to post
        </span>
        <button
          type="submit"
          disabled={post.isPending}
          className="rounded-full bg-sky-700 px-5 py-2 font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
        >
          Dwipp
        </button>
      </div>
      <FormNotice notice={notice} />
    </form>
  );
}
