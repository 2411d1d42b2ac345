// A person's initials in a circle whose colour is theirs (from their id), beside their name.

const palette = [
  "bg-sky-700",
  "bg-emerald-700",
  "bg-violet-700",
  "bg-rose-700",
  "bg-amber-700",
  "bg-teal-700",
  "bg-indigo-700",
  "bg-fuchsia-700",
];

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters.map((word) => (word ? Array.from(word)[0]?.toUpperCase() : "")).join("") || "?";
}

function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? "bg-sky-700";
}

export function Avatar({ id, name }: { id: string; name: string }) {
  return (
    <span
      aria-hidden="true"
      className={`flex size-10 shrink-0 select-none items-center justify-center rounded-full text-sm font-semibold text-white ${colourOf(id)}`}
    >
      {initialsOf(name)}
    </span>
  );
}
