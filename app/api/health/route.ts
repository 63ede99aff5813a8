import { db } from "@/lib/db";
import { pingRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

// Liveness for load balancers and the demo script: is the database reachable, is Redis?
export async function GET() {
  const database = await db().$queryRaw`SELECT 1`.then(() => "ok" as const, () => "unreachable" as const);
  const redis = (await pingRedis()) ? ("ok" as const) : ("unreachable" as const);
  const ok = database === "ok" && redis === "ok";
  return Response.json({ status: ok ? "ok" : "degraded", database, redis }, { status: ok ? 200 : 503 });
}
