import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";

// scrypt is a memory-hard, deliberately slow KDF built into Node: no native addon to install.
// N=2^15, r=8, p=1 costs ~32 MiB and ~50-100 ms per hash here, OWASP's minimum recommendation.
const N = 2 ** 15, R = 8, P = 1, KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * At most `lanes` hashes at once, first come first served. scrypt already runs off the event loop (on
 * libuv's pool of 4 threads), but 4+ hashes at once on 2 cores only slow each other down and hold every
 * pool thread, so the file reads Next.js needs to render the next page wait behind them. With one lane
 * per core the first people in line finish first instead of everyone finishing last (bench/signin.ts).
 */
export function hashLimiter(lanes: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= lanes) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next(); // the lane passes straight to the next in line
      else running--;
    }
  };
}
const inLane = hashLimiter(Math.max(1, Math.min(availableParallelism(), 3)));

/** scrypt itself, no lane: for the benchmark's baseline. */
export function scryptRaw(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return inLane(() => scryptRaw(password, salt, n, r, p));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = stored?.split("$");
  if (!parts || parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
