// Runs the whole SST program (sst.config.ts and stacks/) under Pulumi's mock runtime, as SST's own
// component tests do: every resource the deploy would create is recorded with its inputs instead of
// being created. Functions are really built: a stand-in for the SST CLI's "Runtime.Build" bundles
// each handler with esbuild (minified, one folder per function, chunks split as the stack asks)
// and refuses a handler path that does not resolve to an exported function.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  lambdaBuildOptions,
  lambdaEntryOutput,
  lambdaOutput,
} from "@dwipper/local-cloud/lambda-build";
import { scratchDir } from "@dwipper/local-cloud/scratch-dir";
import * as esbuild from "esbuild";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const platform = path.join(repoRoot, ".sst/platform");

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface FunctionBuild {
  functionID: string;
  handler: string;
  /** The names of the resources linked to the function (what `Resource` will hold). */
  links: string[];
  /** What each link hands the function: its properties and `type`, as `Resource` will hold them. */
  linked: Record<string, Record<string, unknown>>;
  minify: boolean;
  splitting: boolean;
  /** The `nodejs` options that change how SST's builder bundles: the module format and esbuild's. */
  format?: string;
  esbuild?: Record<string, unknown>;
  bytes: number;
}

export interface MockDeploy {
  resources: RecordedResource[];
  /** Dev mode: the functions `sst dev` would run on this machine (its "Runtime.AddTarget" calls). */
  devTargets: string[];
  /**
   * Dev mode: what each component tells the CLI to run locally (its `_dev` output, which `sst dev`
   * reads to start a site's dev server), by component name.
   */
  devCommands: Record<string, Record<string, unknown>>;
  outputs: Record<string, unknown>;
  builds: FunctionBuild[];
  /** Everything that failed while the program ran: a deploy would have stopped on it. */
  errors: string[];
}

interface BuildInput {
  functionID: string;
  handler: string;
  links?: Record<string, Record<string, unknown>>;
  properties?: {
    minify?: boolean;
    splitting?: boolean;
    architecture?: string;
    format?: string;
    esbuild?: Record<string, unknown>;
  };
}

/** What the SST CLI's Runtime.Build does for a Node.js function, in the part that matters here. */
async function buildFunction(input: BuildInput, outRoot: string) {
  const dot = input.handler.lastIndexOf(".");
  const file = input.handler.slice(0, dot);
  const exportName = input.handler.slice(dot + 1);
  const out = path.join(outRoot, input.functionID);
  try {
    const result = await esbuild.build({
      entryPoints: [path.join(repoRoot, `${file}.ts`)],
      ...lambdaOutput(out),
      // Only whether the handler resolves and is exported matters here: the SDK stays outside.
      ...lambdaBuildOptions({ for: "lambda", sdk: "external" }),
      minify: input.properties?.minify ?? true,
      splitting: input.properties?.splitting ?? false,
      metafile: true,
    });
    const output = result.metafile.outputs[lambdaEntryOutput(result.metafile, out)];
    if (!output?.exports.includes(exportName)) {
      return { errors: [`${file}.ts does not export "${exportName}"`] };
    }
    return { handler: `index.${exportName}`, out, errors: [], sourcemaps: [], bytes: output.bytes };
  } catch (error) {
    const failure = error as { errors?: { text: string }[] };
    return { errors: failure.errors?.map((entry) => entry.text) ?? [String(error)] };
  }
}

/** RPC calls the program has made and not yet had answered. */
let rpcInFlight = 0;

function startBuildServer(
  outRoot: string,
  builds: MockDeploy["builds"],
  devTargets: MockDeploy["devTargets"],
): Promise<Server> {
  const server = createServer((req, res) => {
    rpcInFlight++;
    res.on("close", () => {
      rpcInFlight--;
    });
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", async () => {
      const call = JSON.parse(body) as { method: string; params: BuildInput[]; id: number };
      let result: unknown = null;
      let error: string | null = null;
      if (call.method === "Runtime.Build") {
        const [input] = call.params;
        const built = input ? await buildFunction(input, outRoot) : { errors: ["no input"] };
        if (input && "bytes" in built && built.bytes !== undefined) {
          builds.push({
            functionID: input.functionID,
            handler: input.handler,
            links: Object.keys(input.links ?? {}),
            linked: input.links ?? {},
            minify: input.properties?.minify ?? false,
            splitting: input.properties?.splitting ?? false,
            format: input.properties?.format,
            esbuild: input.properties?.esbuild,
            bytes: built.bytes,
          });
        }
        result = built;
      } else if (call.method === "Runtime.AddTarget") {
        // Dev mode: the function is a bridge to the handler running under `sst dev`.
        const [input] = call.params;
        if (input) devTargets.push(input.handler);
      } else if (call.method === "Provider.Aws.Appsync") {
        // Dev mode: the event API the bridge and the CLI talk through.
        result = {
          http: "appsync-test.appsync-api.us-east-1.amazonaws.com",
          realtime: "appsync-test.appsync-realtime-api.us-east-1.amazonaws.com",
        };
      } else if (call.method === "Provider.Aws.Bootstrap") {
        // The CLI's once-per-region bucket and registry that function code is uploaded to.
        result = {
          asset: "sst-asset-test",
          assetEcrRegistryId: "123456789012",
          assetEcrUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/sst-asset",
          state: "sst-state-test",
          appsyncHttp: "",
          appsyncRealtime: "",
        };
      } else {
        error = `rpc: can't find method ${call.method}`;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: call.id, result, error }));
    });
  });
  // The program's calls share keep-alive sockets: one the server closes while idle could meet the
  // next call on its way and reset it, so idle sockets stay open for the whole run.
  server.keepAliveTimeout = 0;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

type PulumiModule = typeof import("../../.sst/platform/node_modules/@pulumi/pulumi");

async function platformImport<T>(specifier: string): Promise<T> {
  return (await import(pathToFileURL(path.join(platform, specifier)).href)) as T;
}

interface Statement {
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
}

/** The IAM JSON that aws.iam.getPolicyDocument renders from its statements. */
function policyJson(inputs: Record<string, unknown>): string {
  const statements = (inputs.statements ?? []) as Statement[];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((statement) => ({
      Effect: statement.effect ?? "Allow",
      ...(statement.actions ? { Action: statement.actions } : {}),
      ...(statement.resources ? { Resource: statement.resources } : {}),
      ...(statement.principals
        ? {
            Principal: Object.fromEntries(
              statement.principals.map((principal) => [principal.type, principal.identifiers]),
            ),
          }
        : {}),
    })),
  });
}

/** The answers of the AWS data sources the components ask for. */
function dataSource(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { name: "us-east-1", region: "us-east-1", id: "us-east-1" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/test",
        id: "123456789012",
      };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { ...inputs, json: policyJson(inputs) };
    default:
      return inputs;
  }
}

/**
 * Local commands (the static site's build) are run for real, with the environment the stack gives
 * them, as a deploy would run them.
 */
function runLocalCommand(inputs: Record<string, unknown>): void {
  const result = spawnSync(String(inputs.create), {
    cwd: String(inputs.dir),
    shell: true,
    encoding: "utf8",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(inputs.environment as Record<string, string>),
    },
  });
  if (result.status !== 0) {
    throw new Error(`"${inputs.create}" failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Resource state as AWS would report it: the inputs, plus the attributes AWS computes. */
function stateOf(type: string, name: string, inputs: Record<string, unknown>) {
  const service = type.split(":")[1]?.split("/")[0] ?? "service";
  return {
    ...inputs,
    // A function's ARN is Lambda's: its kind, then the name it was given (the alarm on the pool's
    // trigger names the function by it).
    arn:
      type === "aws:lambda/function:Function"
        ? `arn:aws:lambda:us-east-1:123456789012:function:${inputs.name ?? name}`
        : `arn:aws:${service}:us-east-1:123456789012:${name}`,
    name: inputs.name ?? name,
    ...(type === "aws:dynamodb/table:Table"
      ? { streamArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${name}/stream/1` }
      : {}),
    ...(type === "aws:apigatewayv2/api:Api"
      ? { apiEndpoint: `https://${name}.execute-api.us-east-1.amazonaws.com` }
      : {}),
    ...(type === "aws:cloudfront/distribution:Distribution"
      ? { domainName: `${name}.cloudfront.net` }
      : {}),
    ...(type === "random:index/randomBytes:RandomBytes"
      ? { hex: "00".repeat(Number(inputs.length ?? 0)) }
      : {}),
  };
}

let deployed: Promise<MockDeploy> | undefined;

export interface MockDeployOptions {
  stage?: string;
  /** "dev" runs the program as `npx sst dev` does ($dev set); "deploy" by default. */
  mode?: "deploy" | "dev";
  /** Run local commands (the site's build) as a deploy would; off, they are only recorded. */
  runCommands?: boolean;
}

/** Runs the program once per process (Pulumi's runtime is process-wide) and returns the record. */
export function mockDeploy(options: MockDeployOptions = {}): Promise<MockDeploy> {
  deployed ??= runProgram(
    options.stage ?? "test",
    options.runCommands ?? true,
    options.mode ?? "deploy",
  );
  return deployed;
}

async function runProgram(
  stage: string,
  runCommands: boolean,
  mode: "deploy" | "dev",
): Promise<MockDeploy> {
  const pulumi = await platformImport<PulumiModule>("node_modules/@pulumi/pulumi/index.js");
  const resources: RecordedResource[] = [];
  const builds: MockDeploy["builds"] = [];
  const devTargets: string[] = [];
  const devCommands: MockDeploy["devCommands"] = {};
  const errors: string[] = [];
  // The CLI learns what to run in dev mode from components' registered outputs.
  const prototype = pulumi.ComponentResource.prototype as unknown as {
    registerOutputs(outputs?: Record<string, unknown>): void;
  };
  const register = prototype.registerOutputs;
  prototype.registerOutputs = function (this: unknown, outputs) {
    const name = (this as { componentName?: string }).componentName;
    if (name && outputs) {
      pulumi.output(outputs).apply((resolved) => {
        const devOutputs = (resolved as { _dev?: Record<string, unknown> })._dev;
        if (devOutputs) devCommands[name] = devOutputs;
      });
    }
    register.call(this, outputs);
  };
  const onRejection = (reason: unknown) => {
    errors.push(reason instanceof Error ? reason.message : String(reason));
  };
  process.on("unhandledRejection", onRejection);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        if (runCommands && args.type === "command:local:Command") runLocalCommand(args.inputs);
        return { id: `${args.name}-id`, state: stateOf(args.type, args.name, args.inputs) };
      },
      call: (args) => dataSource(args.token, args.inputs),
    },
    "dwipper",
    stage,
    false,
  );

  const outRoot = await scratchDir(tmpdir(), "dwipper-functions-");
  const server = await startBuildServer(outRoot, builds, devTargets);
  const address = server.address();
  process.env.SST_SERVER = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // The region the CLI hands a dev-mode bridge.
  if (mode === "dev") process.env.SST_AWS_REGION = "us-east-1";
  // What the SST CLI defines before it loads the program; the components read them on import.
  const globals = globalThis as Record<string, unknown>;
  Object.assign(globals, {
    $app: { name: "dwipper", stage, removal: "remove", protect: false, providers: {} },
    $dev: mode === "dev",
    $cli: {
      command: mode,
      rpc: process.env.SST_SERVER,
      paths: {
        home: path.join(tmpdir(), "sst-home"),
        root: repoRoot,
        work: path.join(repoRoot, ".sst"),
        platform,
      },
      state: { version: {} },
    },
  });
  Object.assign(globals, await platformImport<Record<string, unknown>>("src/shim/run.js"));
  Object.assign(globals, {
    sst: await platformImport("src/components/index.ts"),
    aws: await platformImport("node_modules/@pulumi/aws/index.js"),
    random: await platformImport("node_modules/@pulumi/random/index.js"),
  });
  // SST lists and uploads the site's build output. A run that does not build the site is handed an
  // empty folder of its own instead of apps/web/out: it must not depend on another file having
  // built the site first (the files run in any order), nor read that folder while a program
  // beside it builds into it (the suite runs two at once).
  if (!runCommands) {
    const emptySite = await scratchDir(tmpdir(), "dwipper-site-");
    process.once("exit", () => rmSync(emptySite, { recursive: true, force: true }));
    type SiteArgs = { path?: string; build?: { command: string; output: string } };
    const transform = globals.$transform as (
      component: unknown,
      change: (args: SiteArgs) => void,
    ) => void;
    transform((globals.sst as { aws: { StaticSite: unknown } }).aws.StaticSite, (args) => {
      if (!args.build) return;
      // SST reads the output at the site's path joined with it, from the program's directory.
      const site = path.join(repoRoot, args.path ?? ".");
      args.build = { ...args.build, output: path.relative(site, emptySite) };
    });
  }

  try {
    const config = (await import(pathToFileURL(path.join(repoRoot, "sst.config.ts")).href)) as {
      default: {
        app(input: { stage: string }): { removal: string; protect: boolean };
        run(): Promise<Record<string, unknown>>;
      };
    };
    // The stage's removal and protection, as the CLI takes them from the config's `app`.
    const { removal, protect } = config.default.app({ stage });
    Object.assign(globals.$app as object, { removal, protect });
    const program = await config.default.run();
    const outputs = await new Promise<Record<string, unknown>>((resolve) =>
      pulumi.output(program).apply((value) => resolve(value as Record<string, unknown>)),
    );
    // Resources register as their inputs resolve, some after builds: wait until nothing has
    // arrived and no build has been asked for during a whole second and a half.
    let seen = -1;
    let quietChecks = 0;
    while (quietChecks < 3) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const quiet = seen === resources.length && rpcInFlight === 0;
      quietChecks = quiet ? quietChecks + 1 : 0;
      seen = resources.length;
    }
    return { resources, outputs, builds, devTargets, devCommands, errors };
  } finally {
    // The server and the bundles stay for the rest of the process: work the program still has
    // queued must not meet a closed port or a missing file.
    server.unref();
    process.once("exit", () => rmSync(outRoot, { recursive: true, force: true }));
  }
}
