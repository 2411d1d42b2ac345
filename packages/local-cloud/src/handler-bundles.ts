// Builds each function the way it ships (esbuild, one bundle per handler) and keeps the bundles
// fresh: when a source file changes, the next request runs the new code, with no restart.
import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { lambdaBuildOptions, lambdaEntry, lambdaOutput } from "./lambda-build";

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

interface Entry {
  context: esbuild.BuildContext;
  outfile: string;
  version: number;
  /** Settles when the build under way (or the last one) has finished. */
  built: Promise<void>;
  building: boolean;
  loaded?: { version: number; handler: LambdaHandler };
  error?: string;
}

const urlOf = (entry: Entry) => `${pathToFileURL(entry.outfile).href}?v=${entry.version}`;

export class HandlerBundles {
  private readonly entries = new Map<string, Promise<Entry>>();

  constructor(
    private readonly sourceRoot: string,
    private readonly outDir: string,
    private readonly watch: boolean,
  ) {}

  /**
   * The address of `file`'s current bundle (relative to sourceRoot, no extension), for importing
   * it here or in a thread of its own: a new address for every build.
   */
  async url(file: string): Promise<string> {
    return urlOf(await this.built(file));
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

  /** The current `handler` export of `file`, loaded in this process. */
  async get(file: string): Promise<LambdaHandler> {
    const entry = await this.built(file);
    if (entry.loaded?.version !== entry.version) {
      const version = entry.version;
      const module = (await import(urlOf(entry))) as { handler?: unknown };
      if (typeof module.handler !== "function") {
        throw new Error(`${file} does not export a function named "handler".`);
      }
      entry.loaded = { version, handler: module.handler as LambdaHandler };
    }
    return entry.loaded.handler;
  }

  private async add(file: string): Promise<Entry> {
    await mkdir(this.outDir, { recursive: true });
    const name = createHash("sha1").update(file).digest("hex").slice(0, 10);
    const dir = path.join(this.outDir, `${path.basename(file)}-${name}`);
    const outfile = lambdaEntry(dir);
    let markBuilt: () => void = () => {};
    const entry: Entry = {
      outfile,
      version: 0,
      building: true,
      built: new Promise<void>((resolve) => {
        markBuilt = resolve;
      }),
      context: await esbuild.context({
        entryPoints: [path.join(this.sourceRoot, `${file}.ts`)],
        ...lambdaOutput(dir),
        ...lambdaBuildOptions({ for: "this-node", sdk: "external" }),
        sourcemap: "inline",
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
                entry.version++;
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
    await rm(this.outDir, { recursive: true, force: true });
  }
}
