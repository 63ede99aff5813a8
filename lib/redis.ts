import { Redis } from "ioredis";
import { env } from "@/lib/env";

// BullMQ needs maxRetriesPerRequest: null on connections used by workers (blocking commands).
export function createRedis(url = env().REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Is Redis reachable? Used by /api/health. Never throws. */
export async function pingRedis(url = env().REDIS_URL, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
