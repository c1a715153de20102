/**
 * The daily spend cap's ledger, in cents, behind a small interface: charged at accepted submit,
 * refunded when upstream refuses the submit. In-memory here; a shared store for several instances.
 */
export type ChargeResult =
  | { ok: true; spentCents: number }
  | { ok: false; spentCents: number; capCents: number; resetsAt: Date };

export interface SpendLedger {
  charge(cents: number, now?: Date): Promise<ChargeResult>;
  refund(cents: number, now?: Date): Promise<void>;
  spentToday(now?: Date): Promise<number>;
}

export function utcDayKey(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export class InMemorySpendLedger implements SpendLedger {
  private day = "";
  private spent = 0;

  constructor(private readonly capCents: number) {}

  private roll(now: Date): void {
    const key = utcDayKey(now);
    if (key !== this.day) {
      this.day = key;
      this.spent = 0;
    }
  }

  async charge(cents: number, now = new Date()): Promise<ChargeResult> {
    this.roll(now);
    if (this.spent + cents > this.capCents) {
      return { ok: false, spentCents: this.spent, capCents: this.capCents, resetsAt: nextUtcMidnight(now) };
    }
    this.spent += cents;
    return { ok: true, spentCents: this.spent };
  }

  async refund(cents: number, now = new Date()): Promise<void> {
    this.roll(now);
    this.spent = Math.max(0, this.spent - cents);
  }

  async spentToday(now = new Date()): Promise<number> {
    this.roll(now);
    return this.spent;
  }
}
