// Who is changing which item right now, so that transactions conflict the way DynamoDB's do:
// a transaction touching an item that another transaction or a single write is working on is
// cancelled with `TransactionConflict`; a single write to an item inside a transaction fails with
// `TransactionConflictException`; a read of such an item waits for the transaction to finish
// (DynamoDB's reads are serializable against transactions, so they never see half of one).
import { failure } from "./dynalite";

/** `write`: a TransactWriteItems; `read`: a TransactGetItems. */
type Hold = { mode: "write" | "read"; released: Promise<void> };

export class ItemLocks {
  private readonly transactions = new Map<string, Hold>();
  private readonly singles = new Map<string, number>();

  /** For each key, whether a transaction may not take it now. */
  conflicts(keys: string[], mode: Hold["mode"]): boolean[] {
    return keys.map((key) => {
      const held = this.transactions.get(key);
      if (held && (mode === "write" || held.mode === "write")) return true;
      return (this.singles.get(key) ?? 0) > 0;
    });
  }

  /** Whether a TransactWriteItems holds this key now (its writes cost twice what single ones do). */
  inTransaction(key: string): boolean {
    return this.transactions.get(key)?.mode === "write";
  }

  /** Takes the keys for a transaction; call the result to give them back. */
  hold(keys: string[], mode: Hold["mode"]): () => void {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of keys) this.transactions.set(key, { mode, released });
    return () => {
      for (const key of keys) {
        if (this.transactions.get(key)?.released === released) this.transactions.delete(key);
      }
      release();
    };
  }

  /**
   * Waits for the transactions writing any of these keys now to finish, so a read sees all of a
   * transaction or none of it. Transactions that start later are not waited for: each item's
   * write is atomic, so a read never sees part of one item, and a busy item cannot starve it.
   */
  async settled(keys: string[]): Promise<void> {
    const pending = keys
      .map((key) => this.transactions.get(key))
      .filter((hold): hold is Hold => hold?.mode === "write");
    await Promise.all(pending.map((hold) => hold.released));
  }

  /** Runs a non-transactional write of these keys, refused while a transaction writes one. */
  async single<T>(keys: string[], run: () => Promise<T>): Promise<T> {
    for (;;) {
      const holds = keys.flatMap((key) => this.transactions.get(key) ?? []);
      if (holds.some((hold) => hold.mode === "write")) {
        throw failure("TransactionConflictException", "Transaction is ongoing for the item");
      }
      if (holds.length === 0) break;
      // A TransactGetItems in progress is only waited for.
      await Promise.all(holds.map((hold) => hold.released));
    }
    for (const key of keys) this.singles.set(key, (this.singles.get(key) ?? 0) + 1);
    try {
      return await run();
    } finally {
      for (const key of keys) {
        const count = (this.singles.get(key) ?? 1) - 1;
        if (count > 0) this.singles.set(key, count);
        else this.singles.delete(key);
      }
    }
  }
}
