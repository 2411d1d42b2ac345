// Builds each function the way it ships (esbuild, one bundle per handler) and keeps the bundles
// fresh: when a source file changes, the next request runs the new code, with no restart. Each
// function runs as Lambda runs it, in instances that serve one invocation at a time: invocations
// at once get instances of their own, each a fresh copy of the bundle with its own module state
// (its clients, its caches), loaded when first needed and kept warm for the next. The instances
// run in a thread of their own (function-host.ts), which a rebuild that changes a function's code
// replaces once what it runs has finished: a module cannot be unloaded, so the old copies go only
// with their thread. A rebuild that makes the same code (a comment, a type, a change to what the
// function does not use) keeps the thread and the warm instances.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { buildHostThread, FunctionHost } from "./function-host";
import { lambdaBuildOptions, lambdaEntry, lambdaOutput } from "./lambda-build";
import { ConcurrencyLimit } from "./lambda-concurrency";
import { TimedOut } from "./lambda-timeout";
import { repoRoot } from "./repo-root";
import { scratchDir } from "./scratch-dir";

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * How long an instance may serve nothing before it is retired. Lambda does not say how long it
 * keeps an idle execution environment; minutes are what is seen.
 */
export const INSTANCE_IDLE_MS = 5 * 60_000;

/**
 * How many instances of one function run at once here (ADR 0061). Lambda starts environments side
 * by side, each on a share of a machine of its own; here a thread loads its copies one after
 * another on the same two cores, and while it loads one, every instance in it waits. A burst made
 * copies faster than they could start: 130 of the notices' subscriber in one test (ADR 0059), and
 * a hundred voters on one Dwipp, beside another stack, held the routes' thread so long that six
 * invocations ran past their timeout. An invocation past the bound waits for an instance to be
 * free, its clock not yet started, as an invocation's does not while Lambda starts its environment.
 * Ten of a function at once still meet one another on one item as AWS's would.
 */
export const INSTANCES_PER_FUNCTION = 10;

/** One instance of a function, lent for one invocation. */
export interface FunctionInstance {
  handler: LambdaHandler;
  /**
   * Hands the instance back for the next invocation; or, when `reusable` is false (its invocation
   * ran past its timeout, after which Lambda starts the instance afresh), drops it.
   */
  release(reusable: boolean): void;
}

/**
 * Lends an instance of `file` to one invocation (`use`) and hands it back after: for the next
 * invocation, or dropped when the invocation ran past its timeout (`TimedOut`), after which Lambda
 * starts the environment afresh. The gateway's routes and the pool's triggers alike.
 */
export async function withInstance<T>(
  bundles: Pick<HandlerBundles, "acquire">,
  file: string,
  use: (handler: LambdaHandler) => Promise<T>,
  /** The thread the instance is in, when not the routes' and triggers' (a subscriber's own). */
  host?: FunctionHost,
): Promise<T> {
  const instance = await bundles.acquire(file, host);
  let timedOut = false;
  try {
    return await use(instance.handler);
  } catch (error) {
    timedOut = error instanceof TimedOut;
    throw error;
  } finally {
    instance.release(!timedOut);
  }
}

interface Instance {
  version: number;
  /** The thread its copy is loaded in. */
  host: FunctionHost;
  busy: boolean;
  /** Set once the instance's copy of the bundle is loaded. */
  handler?: LambdaHandler;
}

interface Entry {
  context: esbuild.BuildContext;
  outfile: string;
  /** Counts the builds that changed the code; instances of an older version serve nothing more. */
  version: number;
  /** The code the current version runs: a digest of the build's outputs, source maps aside. */
  digest?: string;
  /** Every build finished, whether or not it changed the code. */
  builds: number;
  /** Settles when the build under way (or the last one) has finished. */
  built: Promise<void>;
  building: boolean;
  instances: Instance[];
  /** How many instances of `version` have been made: each past the first loads a copy of its own. */
  made: { version: number; count: number };
  error?: string;
}

const urlOf = (entry: Entry) => `${pathToFileURL(entry.outfile).href}?v=${entry.version}`;

/**
 * A folder of this process's for a set of bundles, inside the repository: what a bundle leaves to
 * node_modules (the AWS SDK) resolves from there, in the instances' thread as in this one.
 */
export const bundlesDir = () =>
  scratchDir(path.join(repoRoot, "node_modules/.cache/dwipper-local-cloud"), "");

export class HandlerBundles {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** The thread new instances are loaded in; replaced when a function's code changes. */
  private host?: Promise<FunctionHost>;
  private hostScript?: Promise<string>;
  private readonly hosts = new Set<FunctionHost>();
  /** Each function's bound on its instances at once. */
  private readonly bounds = new Map<string, ConcurrencyLimit>();

  constructor(
    private readonly sourceRoot: string,
    private readonly outDir: string,
    private readonly watch: boolean,
    /** How long the instances' thread may run nothing before it is retired, with them all. */
    private readonly idleMs = INSTANCE_IDLE_MS,
    /** How many instances of one function run at once (`INSTANCES_PER_FUNCTION`). */
    private readonly instancesPerFunction = INSTANCES_PER_FUNCTION,
  ) {}

  /**
   * The address of `file`'s current bundle (relative to sourceRoot, no extension), for importing
   * it here or in a thread of its own: a new address for every build.
   */
  async url(file: string): Promise<string> {
    return urlOf(await this.built(file));
  }

  /** The script of a thread that runs functions' bundles (function-host-thread.ts), built once. */
  threadScript(): Promise<string> {
    this.hostScript ??= buildHostThread(path.join(this.outDir, "function-host"));
    return this.hostScript;
  }

  /** How many threads hold instances: one, and an old one while it finishes what it runs. */
  threads(): number {
    return this.hosts.size;
  }

  /** How many builds of `file` have finished, whether or not they changed its code. */
  async buildsOf(file: string): Promise<number> {
    return (await this.built(file)).builds;
  }

  private async built(file: string): Promise<Entry> {
    let pending = this.entries.get(file);
    if (!pending) {
      pending = this.add(file);
      this.entries.set(file, pending);
    }
    const entry = await pending;
    await entry.built;
    if (entry.error) throw new Error(`Could not build ${file}:\n${entry.error}`);
    return entry;
  }

  /**
   * An idle instance of `file`'s current build, or a new one when every instance is busy: it is
   * the caller's until it calls `release`. In the routes' and triggers' thread, or in `thread`.
   * Once `file` has `instancesPerFunction` instances lent, the next caller waits for one back.
   */
  async acquire(file: string, thread?: FunctionHost): Promise<FunctionInstance> {
    let bound = this.bounds.get(file);
    if (!bound) {
      bound = new ConcurrencyLimit(this.instancesPerFunction);
      this.bounds.set(file, bound);
    }
    const free = await bound.start();
    try {
      const instance = await this.lend(file, thread);
      return {
        handler: instance.handler,
        release(reusable) {
          instance.release(reusable);
          free();
        },
      };
    } catch (error) {
      free();
      throw error;
    }
  }

  private async lend(file: string, thread?: FunctionHost): Promise<FunctionInstance> {
    const entry = await this.built(file);
    const host = thread ?? (await this.currentHost());
    const { version } = entry;
    // Instances of an older build, or in an older thread, serve nothing more; those still busy
    // finish as they are.
    entry.instances = entry.instances.filter(
      (each) => each.version === version && each.host === host,
    );
    let instance = entry.instances.find((each) => !each.busy && each.handler);
    const giveBack = host.lend();
    if (instance) {
      instance.busy = true;
    } else {
      instance = { version, host, busy: true };
      entry.instances.push(instance);
      if (entry.made.version !== version) entry.made = { version, count: 0 };
      const copy = entry.made.count++;
      try {
        instance.handler = await this.load(file, entry, copy, host);
      } catch (error) {
        entry.instances = entry.instances.filter((each) => each !== instance);
        giveBack();
        throw error;
      }
    }
    const lent = instance;
    return {
      handler: lent.handler as LambdaHandler,
      release(reusable) {
        if (reusable) lent.busy = false;
        else entry.instances = entry.instances.filter((each) => each !== lent);
        giveBack();
      },
    };
  }

  /** The thread new instances go to: the current one, or a new one if there is none. */
  private async currentHost(): Promise<FunctionHost> {
    const current = this.host;
    if (current) {
      const running = await current;
      if (!running.ended) return running;
      // It stopped (it failed, or the cloud is stopping): the next instance starts another.
      if (this.host === current) this.host = undefined;
    }
    if (!this.host) {
      this.host = this.threadScript().then((built) => {
        const host = new FunctionHost(built, {
          name: "the routes and triggers",
          idleMs: this.idleMs,
          onEnded: () => this.hosts.delete(host),
        });
        this.hosts.add(host);
        return host;
      });
    }
    return this.host;
  }

  /** A function's code changed: new instances go to a new thread, the old one ends when idle. */
  private replaceHost(): void {
    const old = this.host;
    this.host = undefined;
    void old?.then((host) => host.retire());
  }

  /**
   * Loads the `copy`th instance of the entry's current build: the first from the build itself,
   * each further one from a copy of the build's folder, so that none shares a module with another
   * (a module is known by its path; the copy's files are hard links, so it costs no disk).
   */
  private async load(
    file: string,
    entry: Entry,
    copy: number,
    host: FunctionHost,
  ): Promise<LambdaHandler> {
    let url = urlOf(entry);
    if (copy > 0) {
      const built = path.dirname(entry.outfile);
      const folder = `${built}~v${entry.version}-${copy}`;
      await linkFolder(built, folder);
      url = pathToFileURL(lambdaEntry(folder)).href;
    }
    return host.load(file, url);
  }

  private async add(file: string): Promise<Entry> {
    await mkdir(this.outDir, { recursive: true });
    const name = createHash("sha1").update(file).digest("hex").slice(0, 10);
    const dir = path.join(this.outDir, `${path.basename(file)}-${name}`);
    const outfile = lambdaEntry(dir);
    let markBuilt: () => void = () => {};
    const replaceHost = () => this.replaceHost();
    const entry: Entry = {
      outfile,
      version: 0,
      builds: 0,
      building: true,
      instances: [],
      made: { version: 0, count: 0 },
      built: new Promise<void>((resolve) => {
        markBuilt = resolve;
      }),
      context: await esbuild.context({
        entryPoints: [path.join(this.sourceRoot, `${file}.ts`)],
        ...lambdaOutput(dir),
        ...lambdaBuildOptions({ for: "this-node", sdk: "external" }),
        // Beside the bundle, not inside it: V8 keeps every instance's source text for as long as its
        // thread lives, and an inline map made each copy 0.9 MB instead of 0.17 MB. A process with
        // source maps on (tsx turns them on) still maps stack traces through the file.
        sourcemap: "linked",
        metafile: true,
        plugins: [
          {
            name: "track-builds",
            setup(build) {
              build.onStart(() => {
                // The first build was already announced as under way: keep its promise, which
                // callers may be waiting on (watch() resolves before that build starts).
                if (entry.building) return;
                entry.building = true;
                entry.built = new Promise<void>((resolve) => {
                  markBuilt = resolve;
                });
              });
              build.onEnd((result) => {
                entry.builds++;
                const digest = result.metafile && outputDigest(result.metafile);
                if (digest === undefined || digest !== entry.digest) {
                  entry.version++;
                  if (entry.version > 1) replaceHost();
                }
                entry.digest = digest;
                entry.error = result.errors.length
                  ? result.errors.map((error) => error.text).join("\n")
                  : undefined;
                entry.building = false;
                markBuilt();
              });
            },
          },
        ],
      }),
    };
    if (this.watch) await entry.context.watch();
    else await entry.context.rebuild().catch(() => undefined);
    return entry;
  }

  async dispose(): Promise<void> {
    const entries = await Promise.allSettled(this.entries.values());
    await Promise.all(
      entries.map((entry) => (entry.status === "fulfilled" ? entry.value.context.dispose() : null)),
    );
    this.entries.clear();
    // The current thread, and any old one still finishing what it ran.
    this.host = undefined;
    await Promise.all([...this.hosts].map((host) => host.end()));
    await rm(this.outDir, { recursive: true, force: true });
  }
}

/**
 * What a build's code is, to tell a rebuild that changed it from one that did not. Source maps are
 * left out: a comment moves their lines (a warm instance's stack traces keep the old lines).
 */
function outputDigest(metafile: esbuild.Metafile): string {
  const hash = createHash("sha1");
  for (const file of Object.keys(metafile.outputs).sort()) {
    if (file.endsWith(".map")) continue;
    hash.update(file).update(readFileSync(path.resolve(file)));
  }
  return hash.digest("hex");
}

/** Makes `to` a copy of the folder `from` whose files are hard links to the originals. */
async function linkFolder(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const item of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, item.name), path.join(to, item.name)];
    if (item.isDirectory()) await linkFolder(source, target);
    else await link(source, target);
  }
}
