// Eventually consistent reads that trail the writes, as on AWS: a global secondary index is updated
// asynchronously, and a read of a table without `ConsistentRead` may reach a copy that has not yet
// taken a write already acknowledged. The engine keeps a second, in-memory copy of every table and
// applies each committed change to it `lagMs` after it happened, in commit order; reads of an index,
// and reads of a table that do not ask for consistency, are answered from the copy. Consistent
// reads and transactions stay on the real, up-to-date tables.

import {
  act,
  type Body,
  type DynaliteOperation,
  describe,
  itemsOf,
  keyOf,
  openStore,
  type Store,
  type TableDescription,
  validate,
} from "./dynalite";
import { activate, describeNewIndex, fill, type IndexChange, removeIndex } from "./online-indexes";
import type { Change } from "./streams";

/** The parts of a description that CreateTable takes, to build the same table again. */
export function creationOf(table: TableDescription): Body {
  const index = (entry: Body) => ({
    IndexName: entry.IndexName,
    KeySchema: entry.KeySchema,
    Projection: entry.Projection,
    ...(table.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST"
      ? {}
      : { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
  });
  const onDemand = table.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST";
  return {
    TableName: table.TableName,
    AttributeDefinitions: table.AttributeDefinitions,
    KeySchema: table.KeySchema,
    ...(onDemand
      ? { BillingMode: "PAY_PER_REQUEST" }
      : { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
    ...(table.GlobalSecondaryIndexes?.length
      ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes.map(index) }
      : {}),
    ...(table.LocalSecondaryIndexes?.length
      ? {
          LocalSecondaryIndexes: table.LocalSecondaryIndexes.map((entry) => ({
            IndexName: entry.IndexName,
            KeySchema: entry.KeySchema,
            Projection: entry.Projection,
          })),
        }
      : {}),
  };
}

export class LaggedCopy {
  private readonly copy: Store = openStore({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  private readonly pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    readonly lagMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Builds the copy of a table, items and all (at start, from the tables kept on disk). */
  async mirror(table: TableDescription, items: AsyncIterable<Body>): Promise<void> {
    await this.ddl("CreateTable", creationOf(table));
    for await (const item of items) {
      await act(this.copy, "PutItem", { TableName: table.TableName, Item: item });
    }
  }

  /** Repeats a change of a table's definition on the copy. */
  async ddl(operation: "CreateTable" | "UpdateTable" | "DeleteTable", input: Body): Promise<void> {
    await act(this.copy, operation, validate(this.copy, operation, input));
    if (operation === "DeleteTable") return;
    // The copy's table becomes active a moment later; index reads wait for it.
    for (;;) {
      const table = await describe(this.copy, String(input.TableName)).catch(() => undefined);
      if (table?.TableStatus === "ACTIVE") return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * Adds an index to the copy and fills it from the copy's items, in turn with the changes due, so
   * each change after it keeps the new index as it keeps the others.
   */
  addIndex(name: string, change: Extract<IndexChange, { create: Body }>): Promise<void> {
    const indexName = String(change.create.IndexName);
    return this.inTurn(async () => {
      await describeNewIndex(this.copy, name, change);
      await fill(this.copy, name, indexName, itemsOf(this.copy, name));
      await activate(this.copy, name, indexName);
    });
  }

  /** Removes an index from the copy, in turn with the changes due. */
  removeIndex(name: string, indexName: string): Promise<void> {
    return this.inTurn(async () => {
      await removeIndex(this.copy, name, indexName);
    });
  }

  /** Runs `work` after the changes being applied now, and before any applied after. */
  private inTurn(work: () => Promise<void>): Promise<void> {
    const done = this.applying.catch(() => undefined).then(work);
    this.applying = done.catch(() => undefined);
    return done;
  }

  /**
   * Answers an eventually consistent read, already validated against the engine's own tables (the
   * copy's have the same definitions), as the table or index stood `lagMs` ago.
   */
  read(
    operation: Extract<DynaliteOperation, "Query" | "Scan" | "GetItem" | "BatchGetItem">,
    data: Body,
  ): Promise<Body> {
    return act(this.copy, operation, data);
  }

  enqueue(change: Change): void {
    this.pending.push(change);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.pending.length === 0) return;
    const first = this.pending[0] as Change;
    const wait = Math.max(0, first.at + this.lagMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.applying = this.applying.then(() => this.applyDue()).finally(() => this.schedule());
    }, wait);
  }

  private async applyDue(): Promise<void> {
    while (this.pending.length > 0) {
      const change = this.pending[0] as Change;
      if (change.at + this.lagMs > this.now()) return;
      this.pending.shift();
      const table = await describe(this.copy, change.table).catch(() => undefined);
      if (!table) continue;
      if (change.newImage) {
        await act(this.copy, "PutItem", { TableName: change.table, Item: change.newImage });
      } else {
        await act(this.copy, "DeleteItem", {
          TableName: change.table,
          Key: keyOf(change.keys, table),
        });
      }
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
