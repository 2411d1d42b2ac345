// The bar's unread count after the notifications are marked read: a count asked for before the
// marking, answering after it, must not bring back what was read.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { countMarkedRead } from "./notification-cache";

describe("countMarkedRead", () => {
  it("sets the count to 0 and drops a count that was still on its way", async () => {
    const client = new QueryClient();
    let answer: (unread: number) => void = () => {};
    // The poll's query (its key as useUnreadCount asks it), still waiting for its answer.
    const countKey = ["notifications", "unread"];
    const asked = client
      .fetchQuery({
        queryKey: countKey,
        queryFn: () => new Promise<number>((resolve) => (answer = resolve)),
      })
      .catch(() => "dropped");
    await countMarkedRead(client);
    answer(1);
    expect(await asked).toBe("dropped");
    expect(client.getQueryData(countKey)).toBe(0);
  });
});
