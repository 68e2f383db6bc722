/**
 * Collects calls made within a few milliseconds of each other and serves
 * them with one bulk operation (one SQL round trip instead of one per email).
 * Each caller still waits for its own result, so nothing is acknowledged
 * before the database has it.
 */
export class Batcher<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    /** Answers for the keys, in the same order. */
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly options: { waitMs: number; maxSize: number },
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // 0: at the end of this turn of the event loop, gathering whatever else arrived in it.
        if (this.options.waitMs > 0) setTimeout(() => this.flush(), this.options.waitMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.key)).then(
      (values) => batch.forEach((b, i) => b.resolve(values[i])),
      (err) => batch.forEach((b) => b.reject(err)),
    );
  }
}
