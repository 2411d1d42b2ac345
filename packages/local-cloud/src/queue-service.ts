// Amazon SQS, locally, for the queues the stack declares (the stream's failure queue): the SDK's
// JSON protocol for the calls the project makes, with SQS's delivery rules where they matter to
// the app. A received message is hidden, not removed, for its visibility timeout and comes back if
// it is not deleted in time (delivery is at least once); a receipt handle deletes only the receipt
// it came with; messages expire after the retention period. Kept on disk when given a folder.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { LOCAL_ACCOUNT } from "./credentials";
import { listenOnLocalhost } from "./listen";

/** SQS's defaults: 30 s visibility, 4 days' retention (the stack asks for 14). */
const DEFAULT_VISIBILITY_S = 30;
const DEFAULT_RETENTION_S = 4 * 24 * 3600;

interface Message {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receipt?: string;
}

interface Queue {
  name: string;
  retentionSeconds: number;
  visibilitySeconds: number;
  messages: Message[];
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    message: string,
  ) {
    super(message);
  }
}

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

export interface QueueServiceOptions {
  port?: number;
  /** Where queues are kept between runs; omitted, in memory. */
  dataDir?: string;
}

/** What a queue is made with; SQS's defaults for what is left out. */
export interface QueueAttributes {
  retentionSeconds?: number;
  visibilitySeconds?: number;
}

export interface QueueService {
  endpoint: string;
  /** The queue's URL, creating it if needed. */
  createQueue(name: string, attributes?: QueueAttributes): string;
  stop(): Promise<void>;
}

export async function startQueueService(options: QueueServiceOptions = {}): Promise<QueueService> {
  const queues = new Map<string, Queue>();
  const file = (name: string) => options.dataDir && path.join(options.dataDir, `${name}.json`);
  let endpoint = "";

  const save = (queue: Queue) => {
    const target = file(queue.name);
    if (target) writeFileSync(target, JSON.stringify(queue));
  };

  function createQueue(name: string, attributes: QueueAttributes = {}): string {
    if (!/^[\w-]{1,80}$/.test(name)) {
      throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Invalid queue name.");
    }
    if (!queues.has(name)) {
      const stored = file(name);
      const queue: Queue =
        stored && existsSync(stored)
          ? (JSON.parse(readFileSync(stored, "utf8")) as Queue)
          : {
              name,
              retentionSeconds: attributes.retentionSeconds ?? DEFAULT_RETENTION_S,
              visibilitySeconds: attributes.visibilitySeconds ?? DEFAULT_VISIBILITY_S,
              messages: [],
            };
      // A queue kept from an earlier run takes the visibility it is made with now.
      if (attributes.visibilitySeconds !== undefined) {
        queue.visibilitySeconds = attributes.visibilitySeconds;
      }
      queues.set(name, queue);
      save(queue);
    }
    return urlOf(name);
  }

  const urlOf = (name: string) => `${endpoint}/${LOCAL_ACCOUNT}/${name}`;

  /** The queue a URL (or a bare name: its last part) names, or SQS's QueueDoesNotExist. */
  function queueOf(url: unknown): Queue {
    const name = String(url ?? "")
      .split("/")
      .at(-1);
    const queue = name ? queues.get(name) : undefined;
    if (!queue) {
      throw new SqsError(
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
      );
    }
    // Messages past the retention period are gone, as on SQS.
    const oldest = Date.now() - queue.retentionSeconds * 1000;
    queue.messages = queue.messages.filter((message) => message.sentAt >= oldest);
    return queue;
  }

  function receive(queue: Queue, input: Record<string, unknown>) {
    const max = Number(input.MaxNumberOfMessages ?? 1);
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw new SqsError(
        "InvalidParameterValue",
        "InvalidParameterValue",
        "Value for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.",
      );
    }
    const visibility = Number(input.VisibilityTimeout ?? queue.visibilitySeconds);
    const now = Date.now();
    const taken = queue.messages.filter((message) => message.visibleAt <= now).slice(0, max);
    for (const message of taken) {
      message.receiveCount++;
      message.visibleAt = now + visibility * 1000;
      message.receipt = `${message.id}:${randomUUID()}`;
    }
    if (taken.length > 0) save(queue);
    return taken.map((message) => ({
      MessageId: message.id,
      ReceiptHandle: message.receipt,
      MD5OfBody: md5(message.body),
      Body: message.body,
      Attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
      },
    }));
  }

  async function act(operation: string, input: Record<string, unknown>): Promise<unknown> {
    switch (operation) {
      case "CreateQueue":
        return { QueueUrl: createQueue(String(input.QueueName ?? "")) };
      case "GetQueueUrl":
        return { QueueUrl: urlOf(queueOf(input.QueueName).name) };
      case "SendMessage": {
        const queue = queueOf(input.QueueUrl);
        const body = String(input.MessageBody ?? "");
        if (body.length === 0 || Buffer.byteLength(body) > 256 * 1024) {
          throw new SqsError(
            "InvalidParameterValue",
            "InvalidParameterValue",
            "The message body must be 1 byte to 256 KiB long.",
          );
        }
        const delay = Number(input.DelaySeconds ?? 0);
        const message: Message = {
          id: randomUUID(),
          body,
          sentAt: Date.now(),
          receiveCount: 0,
          visibleAt: Date.now() + delay * 1000,
        };
        queue.messages.push(message);
        save(queue);
        return { MessageId: message.id, MD5OfMessageBody: md5(body) };
      }
      case "ReceiveMessage": {
        const queue = queueOf(input.QueueUrl);
        // Long polling: wait up to WaitTimeSeconds for a message to be visible.
        const until = Date.now() + Math.min(Number(input.WaitTimeSeconds ?? 0), 20) * 1000;
        for (;;) {
          const messages = receive(queue, input);
          if (messages.length > 0 || Date.now() >= until) return { Messages: messages };
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      case "DeleteMessage": {
        const queue = queueOf(input.QueueUrl);
        const handle = String(input.ReceiptHandle ?? "");
        if (!/^[\w-]+:[\w-]+$/.test(handle)) {
          throw new SqsError(
            "ReceiptHandleIsInvalid",
            "ReceiptHandleIsInvalid",
            `The input receipt handle "${handle}" is not a valid receipt handle.`,
          );
        }
        // Only the latest receipt deletes; an older one (the message was received again since)
        // succeeds and leaves the message, and a message already gone is no error.
        const before = queue.messages.length;
        queue.messages = queue.messages.filter((message) => message.receipt !== handle);
        if (queue.messages.length !== before) save(queue);
        return {};
      }
      case "GetQueueAttributes": {
        const queue = queueOf(input.QueueUrl);
        const now = Date.now();
        const visible = queue.messages.filter((message) => message.visibleAt <= now).length;
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(visible),
            ApproximateNumberOfMessagesNotVisible: String(queue.messages.length - visible),
            MessageRetentionPeriod: String(queue.retentionSeconds),
            VisibilityTimeout: String(queue.visibilitySeconds),
          },
        };
      }
      default:
        throw new SqsError(
          "InvalidAction",
          "InvalidAction",
          `The action ${operation} is not valid for this endpoint.`,
        );
    }
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    let body = "";
    for await (const chunk of request) body += chunk;
    const target = String(request.headers["x-amz-target"] ?? "");
    const headers = {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": randomUUID(),
    };
    try {
      if (!target.startsWith("AmazonSQS.")) {
        throw new SqsError("InvalidAction", "InvalidAction", "Unknown target.");
      }
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const output = await act(target.slice("AmazonSQS.".length), input);
      response.writeHead(200, headers).end(JSON.stringify(output));
    } catch (error) {
      const failure =
        error instanceof SqsError
          ? error
          : new SqsError("InternalError", "InternalError", "We encountered an internal error.");
      response
        .writeHead(failure.type === "InternalError" ? 500 : 400, {
          ...headers,
          "x-amzn-query-error": `${failure.queryCode};Sender`,
        })
        .end(
          JSON.stringify({ __type: `com.amazonaws.sqs#${failure.type}`, message: failure.message }),
        );
    }
  }

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  endpoint = await listenOnLocalhost(server, options.port ?? 0);
  return {
    endpoint,
    createQueue,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
