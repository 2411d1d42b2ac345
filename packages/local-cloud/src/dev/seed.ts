// `npm run seed`: a few people and a realistic feed (a few hundred Dwipps over the past week, with
// upvotes and favorites, so Top and the profiles have something to show) in the local cloud.
// Everything is keyed deterministically, so running it again changes nothing. Users go through
// Cognito (whose trigger makes their profiles); Dwipps, upvotes and favorites through core; and the
// backfill brings in whatever an older local cloud holds from before profiles and Top.
import "../quiet-sdk-notices";
import { createHash } from "node:crypto";
import {
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Actor } from "@dwipper/core";
import { decodeJwt } from "jose";
import { cognitoClient, confirmFromMailbox, signIn, signUp } from "../accounts";
import { functionEnvironment, runningStack } from "../function-environment";
import type { StackInfo } from "../local-cloud";
import { backfillStack } from "./backfill";

export const SEED_PASSWORD = "Shower-thoughts1";

export const seedPeople = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Linus Pauling",
  "Hedy Lamarr",
];

export const seedEmail = (name: string) =>
  `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@seed.dwipper.test`;

const openings = [
  "Why do we",
  "Isn't it strange that we",
  "Nobody talks about how we",
  "Somewhere, someone is the last person to",
  "Maybe the reason we",
  "If you think about it, we",
  "Every day, millions of people",
  "It's wild that we",
];
const middles = [
  "park on driveways and drive on parkways",
  "say a building is built when it's still a building",
  "wash towels, which are only ever used when we're clean",
  "call it a 'pair' of pants when there's only one",
  "put our pajamas on to sleep, like a costume for dreaming",
  "trust the first person who ever looked at an egg and thought 'I'll eat that'",
  "look for lost things in the last place, because we stop looking",
  "have ten fingers and count in tens, and call it maths",
  "press the remote harder when the battery is low",
  "know the word 'queue' is just Q followed by four silent letters",
  "never see a baby pigeon",
  "clean the vacuum cleaner, which makes us the vacuum cleaner",
];
const endings = [
  "",
  " 🤯",
  " Think about it.",
  " 🚿",
  " …right?",
  "\nI can't stop thinking about it.",
];

/** A v4-shaped UUID derived from a name, so the same seed gives the same ids. */
export function seedId(name: string): string {
  const hex = createHash("sha256").update(`dwipper-seed:${name}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function ensurePerson(
  stack: StackInfo,
  cognito: CognitoIdentityProviderClient,
  name: string,
): Promise<Actor> {
  const email = seedEmail(name);
  try {
    await signUp(stack, cognito, { email, password: SEED_PASSWORD, name });
    await confirmFromMailbox(stack, cognito, email);
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
  }
  const { idToken } = await signIn(stack, cognito, email, SEED_PASSWORD);
  return { id: String(decodeJwt(idToken).sub), name };
}

/** Runs `work` over `items`, a few at a time. */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

export interface SeedSummary {
  people: number;
  dwipps: number;
  created: number;
}

/** Every eleventh seeded Dwipp is edited twice. */
const isEdited = (n: number) => n % 11 === 0;

export async function seed(stack: StackInfo, count = 300): Promise<SeedSummary> {
  // Core finds its tables and endpoint as a deployed function does: through the environment.
  Object.assign(process.env, functionEnvironment(stack));
  const { Conflict, Dwipp, Favorite } = await import("@dwipper/core");

  const cognito = cognitoClient(stack);
  const people: Actor[] = [];
  try {
    for (const name of seedPeople) people.push(await ensurePerson(stack, cognito, name));
  } finally {
    cognito.destroy();
  }

  const week = 7 * 24 * 3600 * 1000;
  const start = Date.now();
  let created = 0;
  const plan = Array.from({ length: count }, (_, n) => {
    const author = people[n % people.length] as Actor;
    const content = `${openings[n % openings.length]} ${middles[(n * 5) % middles.length]}?${endings[(n * 3) % endings.length]}`;
    // Newest first in the plan: Dwipp n was posted n * (a week / count) ago, give or take.
    const at = new Date(start - Math.floor(((n + 0.5) * week) / count));
    return { n, author, content, id: seedId(`dwipp-${n}`), at };
  });
  await inBatches(plan, 10, async ({ n, author, content, id, at }) => {
    try {
      const result = await Dwipp.create(author, { id, content }, at);
      if (result.created) created++;
    } catch (error) {
      // One the seed edited no longer has its first text: it is there already.
      if (!(error instanceof Conflict && isEdited(n))) throw error;
    }
  });
  // Some were edited twice, so the "edited" mark has earlier texts to show. Editing to the
  // text it already has is no edit, so a second run changes nothing.
  await inBatches(
    plan.filter(({ n }) => isEdited(n)),
    5,
    async ({ author, content, id }) => {
      for (const take of [`${content} (second take)`, `${content} (final take)`]) {
        const now = await Dwipp.get(author, id);
        if (now.content.endsWith("(final take)")) break;
        await Dwipp.edit(author, id, { content: take });
      }
    },
  );
  // Popular ones get more: everyone upvotes every fifth, some favorite every seventh.
  await inBatches(plan, 5, async ({ n, id }) => {
    for (const [i, person] of people.entries()) {
      if (n % 5 === 0 || (n + i) % 4 === 0) await Dwipp.setUpvote(person, id);
      if (n % 7 === 0 && i % 2 === 0) await Favorite.set(person, id);
    }
  });
  await backfillStack(stack);
  return { people: people.length, dwipps: plan.length, created };
}

async function main() {
  const stack = await runningStack("npm run seed");
  const started = Date.now();
  const summary = await seed(stack);
  console.log(
    `Seeded ${summary.people} people and ${summary.dwipps} Dwipps (${summary.created} new) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
      `Sign in as any of them, e.g. ${seedEmail(seedPeople[0] ?? "")}, with the password ${SEED_PASSWORD}.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error("Seeding failed:", error);
    process.exit(1);
  });
}
