/** How many uploads may be received at once: by the whole process, and by any one user. */
export interface UploadSlotLimits {
  perProcess: number;
  perUser: number;
}

/** A taken slot. `release` may be called any number of times; only the first counts. */
export interface UploadSlot {
  readonly taken: true;
  release(): void;
}

/** Why no slot was given: the user already holds `limit` (429), or the process does (503). */
export interface UploadSlotRefusal {
  readonly taken: false;
  readonly scope: 'user' | 'process';
  readonly limit: number;
}

/**
 * Counts the uploads being received (and then parsed) at once. Pure bookkeeping: who calls `take` owns
 * the slot and must release it exactly when the request is over, whatever way it ended.
 */
export class UploadSlots {
  private total = 0;
  private readonly byUser = new Map<string, number>();

  constructor(readonly limits: UploadSlotLimits) {}

  /**
   * A slot for `user`, or why not. The user's own cap is checked first: one who holds their share is
   * told to slow down (429) even when the process is also full.
   */
  take(user: string): UploadSlot | UploadSlotRefusal {
    const held = this.byUser.get(user) ?? 0;
    if (held >= this.limits.perUser) return { taken: false, scope: 'user', limit: this.limits.perUser };
    if (this.total >= this.limits.perProcess) return { taken: false, scope: 'process', limit: this.limits.perProcess };
    this.total++;
    this.byUser.set(user, held + 1);
    let released = false;
    return {
      taken: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.byUser.get(user) ?? 1) - 1;
        // A user with nothing in flight leaves no entry: the map is as large as the uploads, never the users seen.
        if (left > 0) this.byUser.set(user, left);
        else this.byUser.delete(user);
      },
    };
  }

  /** Slots held: in all, and by the users that hold any. */
  get load(): { total: number; users: number } {
    return { total: this.total, users: this.byUser.size };
  }

  heldBy(user: string): number {
    return this.byUser.get(user) ?? 0;
  }
}
