// Seeded pseudo-random numbers. Every random choice in persodata goes through
// here, so the same seed gives the same folds, samples and models everywhere.

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state,
 * passes PractRand, and is a few lines, which is why it is written here rather
 * than pulled in as a dependency.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any integer; `stream` derives independent streams (e.g. one per tree). */
  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9;
    this.b = seed | 0;
    this.c = (Math.floor(seed / 4294967296) ^ 0x85ebca6b) | 0;
    this.d = (stream ^ 0xc2b2ae35) | 0;
    for (let i = 0; i < 16; i++) this.nextUint32();
  }

  /** An independent copy in the same state: it draws what this one would draw next. */
  clone(): Rng {
    const copy = Object.create(Rng.prototype) as Rng;
    copy.a = this.a;
    copy.b = this.b;
    copy.c = this.c;
    copy.d = this.d;
    return copy;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Box-Muller; one of the pair is used, which keeps the stream simple). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /** m distinct indices of [0, n), uniformly: the first m entries of a partial Fisher-Yates shuffle, in draw order. */
  sample(n: number, m: number): Uint32Array {
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    for (let k = 0; k < m; k++) {
      const j = k + this.int(n - k);
      const pick = all[j];
      all[j] = all[k];
      all[k] = pick;
    }
    return all.subarray(0, m);
  }
}
