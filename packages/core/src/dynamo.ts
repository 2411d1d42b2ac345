// The one DynamoDB client of the process, created once per container and reused by every request.
// Table names come from SST's links (`Resource`); the endpoint, region and credentials come from the
// environment, so the same code talks to AWS or to DynamoDB Local.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";

export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const tables = {
  get dwipps(): string {
    return Resource.Dwipps.name;
  },
  get favorites(): string {
    return Resource.Favorites.name;
  },
};
