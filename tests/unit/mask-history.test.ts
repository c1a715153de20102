import { describe, expect, it } from "vitest";
import { BoundedHistory } from "@/lib/mask/history";

interface FakeStep {
  name: string;
  bytes: number;
}

function history(budget: number) {
  const released: string[] = [];
  const stack = new BoundedHistory<FakeStep>(budget, (step) => released.push(step.name));
  const push = (name: string, bytes: number) => stack.push({ name, bytes });
  return { stack, released, push };
}

describe("BoundedHistory", () => {
  it("undoes newest first and redoes in the original order", () => {
    const { stack, push } = history(1000);
    push("a", 10);
    push("b", 20);
    push("c", 30);
    expect(stack.bytes).toBe(60);
    expect(stack.undo()?.name).toBe("c");
    expect(stack.undo()?.name).toBe("b");
    expect([stack.canUndo, stack.canRedo, stack.undoDepth, stack.redoDepth]).toEqual([true, true, 1, 2]);
    expect(stack.redo()?.name).toBe("b");
    expect(stack.redo()?.name).toBe("c");
    expect(stack.redo()).toBeNull();
    // Undone steps still hold their memory until discarded.
    expect(stack.bytes).toBe(60);
  });

  it("returns null when there is nothing to undo", () => {
    const { stack } = history(100);
    expect(stack.undo()).toBeNull();
    expect(stack.redo()).toBeNull();
    expect([stack.canUndo, stack.canRedo, stack.bytes]).toEqual([false, false, 0]);
  });

  it("drops the oldest steps, releasing them, once the budget is exceeded", () => {
    const { stack, push, released } = history(100);
    for (let i = 0; i < 10; i++) push(`s${i}`, 30);
    expect(stack.bytes).toBe(90);
    expect(stack.undoDepth).toBe(3);
    expect(released).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(stack.undo()?.name).toBe("s9");
    expect(stack.undo()?.name).toBe("s8");
    expect(stack.undo()?.name).toBe("s7");
    expect(stack.undo()).toBeNull();
  });

  it("fits exactly at the budget", () => {
    const { stack, push, released } = history(90);
    push("a", 30);
    push("b", 30);
    push("c", 30);
    expect([stack.bytes, stack.undoDepth, released]).toEqual([90, 3, []]);
  });

  it("discards the redo stack when a new step is recorded after undo", () => {
    const { stack, push, released } = history(1000);
    push("a", 10);
    push("b", 20);
    push("c", 30);
    stack.undo();
    stack.undo();
    push("d", 5);
    expect(released).toEqual(["c", "b"]);
    expect(stack.bytes).toBe(15);
    expect(stack.canRedo).toBe(false);
    expect(stack.undo()?.name).toBe("d");
    expect(stack.undo()?.name).toBe("a");
  });

  it("discards the redo stack before deciding which older steps to evict", () => {
    const { stack, push, released } = history(100);
    push("a", 40);
    push("b", 40);
    stack.undo(); // b waits on the redo stack
    push("c", 50); // b is discarded first, then a + c = 90 fits
    expect(released).toEqual(["b"]);
    expect(stack.undoDepth).toBe(2);
  });

  it("lets go of everything, the new step included, when one step exceeds the whole budget", () => {
    const { stack, push, released } = history(100);
    push("a", 40);
    push("huge", 150);
    expect(released).toEqual(["a", "huge"]);
    expect([stack.bytes, stack.canUndo, stack.canRedo]).toEqual([0, false, false]);
    push("after", 10);
    expect(stack.undo()?.name).toBe("after");
  });

  it("clear releases every step on both stacks", () => {
    const { stack, push, released } = history(1000);
    push("a", 1);
    push("b", 2);
    stack.undo();
    stack.clear();
    expect(released.sort()).toEqual(["a", "b"]);
    expect([stack.bytes, stack.canUndo, stack.canRedo]).toEqual([0, false, false]);
  });

  it("refuses a negative or missing budget", () => {
    expect(() => new BoundedHistory(-1)).toThrow(RangeError);
    expect(() => new BoundedHistory(Number.NaN)).toThrow(RangeError);
  });
});
