// What a function may do to a table it uses: read, or read and write; to the budgets, count. Nothing
// else, and never `dynamodb:*` (transactions are authorized by the actions they contain).

export const readActions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];

export const writeActions = [
  ...readActions,
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

/** A budget is one conditional `UpdateItem` that adds to a counter; nothing reads it otherwise. */
export const budgetActions = ["dynamodb:UpdateItem"];
