// Amazon SNS, locally, for the topics the stack declares (the notices topic): the SDK's Query
// protocol for `Publish`, and delivery to a Lambda subscriber the way AWS delivers it. SNS invokes
// the function asynchronously (Publish answers before the function runs), at least once (here a
// share of messages is delivered twice, `duplicateRate`, so a subscriber that is not idempotent
// shows it); Lambda retries a failed invocation `retries` times after a pause and then sends the
// event, with the error, to the subscriber's failure destination in Lambda's own record shape.
// A standard topic keeps no order: each delivery waits a random moment, `jitterMs`, so messages
// overtake one another here too.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closesIdleUnannounced } from "@dwipper/dynamodb-engine/idle-connections";
import { DUPLICATE_RATE } from "./at-least-once";
import { LOCAL_ACCOUNT } from "./credentials";
import { listenOnLocalhost } from "./listen";

export interface TopicSubscription {
  /** The function's name, for the failure record. */
  functionName: string;
  invoke(event: SnsEvent): Promise<unknown>;
  /** Tries after the first that a failed invocation gets (Lambda's `MaximumRetryAttempts`). */
  retries: number;
  /** Where an invocation that failed every try is described (Lambda's on-failure destination). */
  onFailure(record: AsyncFailureRecord): Promise<void>;
}

export interface SnsEvent {
  Records: {
    EventSource: "aws:sns";
    EventVersion: "1.0";
    EventSubscriptionArn: string;
    Sns: {
      Type: "Notification";
      MessageId: string;
      TopicArn: string;
      Subject: string | null;
      Message: string;
      Timestamp: string;
      SignatureVersion: "1";
      Signature: string;
      SigningCertUrl: string;
      UnsubscribeUrl: string;
      MessageAttributes: Record<string, { Type: string; Value: string }>;
    };
  }[];
}

/** What Lambda sends to an asynchronous invocation's on-failure destination. */
export interface AsyncFailureRecord {
  version: "1.0";
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetriesExhausted";
    approximateInvokeCount: number;
  };
  requestPayload: SnsEvent;
  responseContext: { statusCode: 200; executedVersion: "$LATEST"; functionError: "Unhandled" };
  responsePayload: { errorType: string; errorMessage: string };
}

export interface TopicServiceOptions {
  region: string;
  /** The share of messages delivered a second time (at least once); DUPLICATE_RATE unless given. */
  duplicateRate?: number;
  /** The longest random pause before a delivery, so messages arrive out of order; 200 unless given. */
  jitterMs?: number;
  /** The pause before each retry; AWS waits about a minute, then two. */
  retryDelaysMs?: readonly number[];
}

export interface TopicService {
  endpoint: string;
  /** The topic's ARN, creating it if needed. */
  createTopic(name: string): string;
  subscribe(topicArn: string, subscription: TopicSubscription): void;
  /** Resolves once every delivery started so far has finished (tests wait on it). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startTopicService(options: TopicServiceOptions): Promise<TopicService> {
  const topics = new Map<string, TopicSubscription[]>();
  const duplicateRate = options.duplicateRate ?? DUPLICATE_RATE;
  const delays = options.retryDelaysMs ?? [1_000, 2_000];
  const jitterMs = options.jitterMs ?? 200;
  const running = new Set<Promise<void>>();
  let stopped = false;

  const arnOf = (name: string) => `arn:aws:sns:${options.region}:${LOCAL_ACCOUNT}:${name}`;

  async function deliver(subscription: TopicSubscription, event: SnsEvent): Promise<void> {
    let failure: unknown;
    for (let attempt = 0; attempt <= subscription.retries; attempt++) {
      if (attempt > 0) await pause(delays[Math.min(attempt - 1, delays.length - 1)] ?? 1_000);
      if (stopped) return;
      try {
        await subscription.invoke(event);
        return;
      } catch (error) {
        failure = error;
      }
    }
    // Stopped meanwhile: the last try may have failed for the stop, and the destination may be gone.
    if (stopped) return;
    const error = failure instanceof Error ? failure : new Error(String(failure));
    await subscription.onFailure({
      version: "1.0",
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT}:function:${subscription.functionName}:$LATEST`,
        condition: "RetriesExhausted",
        approximateInvokeCount: subscription.retries + 1,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: error.name, errorMessage: error.message },
    });
  }

  function track(work: Promise<void>) {
    const tracked = work.catch((error: unknown) => {
      console.error("[sns] a delivery failed to finish:", error);
    });
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
  }

  function publish(
    topicArn: string,
    message: string,
    attributes: SnsEvent["Records"][0]["Sns"]["MessageAttributes"],
  ) {
    const messageId = randomUUID();
    for (const [index, subscription] of (topics.get(topicArn) ?? []).entries()) {
      const event: SnsEvent = {
        Records: [
          {
            EventSource: "aws:sns",
            EventVersion: "1.0",
            EventSubscriptionArn: `${topicArn}:subscription-${index}`,
            Sns: {
              Type: "Notification",
              MessageId: messageId,
              TopicArn: topicArn,
              Subject: null,
              Message: message,
              Timestamp: new Date().toISOString(),
              SignatureVersion: "1",
              Signature: "local",
              SigningCertUrl: "",
              UnsubscribeUrl: "",
              MessageAttributes: attributes,
            },
          },
        ],
      };
      // After the answer, as SNS does, in no particular order; sometimes twice.
      const copies = Math.random() < duplicateRate ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const wait = copy * 50 + Math.random() * jitterMs;
        track(pause(wait).then(() => deliver(subscription, event)));
      }
    }
    return messageId;
  }

  function answer(response: ServerResponse, status: number, body: string) {
    response.writeHead(status, { "content-type": "text/xml" });
    response.end(body);
  }

  function refuse(response: ServerResponse, status: number, code: string, message: string) {
    answer(
      response,
      status,
      `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const action = form.get("Action");
    if (action !== "Publish") {
      refuse(
        response,
        400,
        "InvalidAction",
        `The action ${action} is not valid for this endpoint.`,
      );
      return;
    }
    const topicArn = form.get("TopicArn") ?? "";
    if (!topics.has(topicArn)) {
      refuse(response, 404, "NotFound", "Topic does not exist");
      return;
    }
    const message = form.get("Message");
    if (!message) {
      refuse(response, 400, "InvalidParameter", "Invalid parameter: Message");
      return;
    }
    const attributes: SnsEvent["Records"][0]["Sns"]["MessageAttributes"] = {};
    for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
      const name = form.get(`MessageAttributes.entry.${n}.Name`) ?? "";
      attributes[name] = {
        Type: form.get(`MessageAttributes.entry.${n}.Value.DataType`) ?? "String",
        Value: form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? "",
      };
    }
    const messageId = publish(topicArn, message, attributes);
    answer(
      response,
      200,
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      refuse(response, 500, "InternalError", error instanceof Error ? error.message : "failed");
    });
  });
  const endpoint = await listenOnLocalhost(closesIdleUnannounced(server), 0);

  return {
    endpoint,
    createTopic(name) {
      const arn = arnOf(name);
      if (!topics.has(arn)) topics.set(arn, []);
      return arn;
    },
    subscribe(topicArn, subscription) {
      const subscriptions = topics.get(topicArn);
      if (!subscriptions) throw new Error(`No topic ${topicArn}`);
      subscriptions.push(subscription);
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async stop() {
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
