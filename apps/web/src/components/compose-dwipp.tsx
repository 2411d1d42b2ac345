"use client";
// The post box. Each draft gets its id when it is first sent, so a double click or a retry repeats
// the same request and never makes two Dwipps.
import { countCharacters, MAX_CONTENT_LENGTH, normalizeContent } from "@dwipper/core/dwipp/content";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { v4 as uuidv4 } from "uuid";
import { ApiError } from "@/api/api-client";
import { useApi } from "@/api/use-api";
import { FormNotice, type Notice } from "./form-controls";

export function ComposeDwipp() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const draftId = useRef<string | null>(null);
  const inputId = useId();
  const countId = useId();

  const length = countCharacters(normalizeContent(text));
  const tooLong = length > MAX_CONTENT_LENGTH;

  const post = useMutation({
    mutationFn: (input: { id: string; content: string }) => api.createDwipp(input),
    onSuccess: async () => {
      draftId.current = null;
      setText("");
      setNotice({ kind: "success", text: "Your Dwipp is posted." });
      await queryClient.invalidateQueries({ queryKey: ["dwipps"] });
    },
    onError: (error) => {
      setNotice({
        kind: "error",
        text: error instanceof ApiError ? error.message : "Your Dwipp was not posted. Try again.",
      });
    },
  });

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (post.isPending) return;
    if (length === 0) {
      setNotice({ kind: "error", text: "Write something first." });
      return;
    }
    if (tooLong) {
      setNotice({
        kind: "error",
        text: `A Dwipp can be at most ${MAX_CONTENT_LENGTH} characters.`,
      });
      return;
    }
    draftId.current ??= uuidv4();
    post.mutate({ id: draftId.current, content: text });
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Post a Dwipp"
      className="mb-6 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
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
        className="w-full resize-y rounded-md border border-zinc-300 bg-transparent p-2 text-base outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-zinc-700"
      />
      <div className="mt-2 flex items-center justify-between gap-3">
        <p
          id={countId}
          aria-live="polite"
          className={`text-sm ${tooLong ? "font-semibold text-red-700 dark:text-red-400" : length > MAX_CONTENT_LENGTH - 20 ? "text-amber-700 dark:text-amber-400" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          {length} / {MAX_CONTENT_LENGTH} characters
        </p>
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
