// `npm run db:seed`: the demo org with 13 months of data, then the logins to try.
import { createPrismaClient, disconnectDb } from "../lib/db.ts";
import { loadEnv } from "../lib/env.ts";
import { seedDemo } from "../lib/demo/seed.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/demo/generate.ts";
import { loadDotEnv } from "../lib/dotenv.ts";
import { ensureBundledCatalog } from "../lib/pricing/sync.ts";
import { ensureDefaultWatchlist } from "../lib/terms/watch.ts";

loadDotEnv();

const env = loadEnv(process.env);
const prisma = createPrismaClient(env.DATABASE_URL);
try {
  const started = Date.now();
  const r = await seedDemo(prisma, new Date());
  console.log(r.created ? `Demo org seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.` : "Demo org already present: left as it is.");
  // Global watch data every install needs: the bundled price catalog and the default vendor-document watch list.
  const catalog = await ensureBundledCatalog(prisma);
  const watchlist = await ensureDefaultWatchlist(prisma);
  console.log(`Price catalog: ${catalog ? `${catalog.models} models loaded from the bundled snapshot` : "already loaded"}; default watch list: ${watchlist} documents added.`);
  console.log(`Sign in at ${env.APP_URL} with any of these (password: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(12)} ${u.email}`);
} finally {
  await prisma.$disconnect();
  await disconnectDb(); // the demo spans go through lib/otlp, which uses the process's shared client
}
