// The conformance suite's view of an engine: raw requests in DynamoDB's JSON protocol, and the
// answers as status and body, so that what is compared is exactly what each engine said.
export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  body: Json;
}

const signature =
  "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";

/** Sends one request; `api` is DynamoDB's or DynamoDB Streams'. */
export async function send(
  endpoint: string,
  operation: string,
  input: Json,
  api: "DynamoDB_20120810" | "DynamoDBStreams_20120810" = "DynamoDB_20120810",
): Promise<Answer> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `${api}.${operation}`,
      "x-amz-date": "20260101T000000Z",
      authorization: signature,
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}
