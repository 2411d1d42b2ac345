// P2's third reference: a function that sends a page's recorded DynamoDB requests bare, in their
// order, from a client made as the baseline's. A cold start of it is what those requests cost a
// fresh process (the SDK's first use of each kind, the connections, the waves), so the feed's own
// cold start splits into what its requests cost and what its code adds around them.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type RequestPlan, sendInOrder } from "./request-plan";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** A recorded request as an event can carry it: its command's name and its input. */
export interface SentCommand {
  name: string;
  input: unknown;
}

/** Sends one of the commands a read sends: its queries and gets, and its budget's update. */
function send({ name, input }: SentCommand): Promise<unknown> {
  switch (name) {
    case "QueryCommand":
      return client.send(new QueryCommand(input as QueryCommandInput));
    case "BatchGetCommand":
      return client.send(new BatchGetCommand(input as BatchGetCommandInput));
    case "GetCommand":
      return client.send(new GetCommand(input as GetCommandInput));
    case "UpdateCommand":
      return client.send(new UpdateCommand(input as UpdateCommandInput));
    default:
      throw new Error(`${name} is not a read's command.`);
  }
}

export const handler = async (plan: RequestPlan<SentCommand>) => {
  await sendInOrder(plan, send);
  return { statusCode: 200, body: "" };
};
