// `npm run db:migrate`: apply prisma/migrations offline (see lib/db/migrate.ts for why).
import { ensureDatabase, migrate } from "../lib/db/migrate.ts";
import { loadEnv } from "../lib/env.ts";
import { loadDotEnv } from "../lib/dotenv.ts";

loadDotEnv();

const env = loadEnv(process.env);
await ensureDatabase(env.DATABASE_URL);
const r = await migrate(env.DATABASE_URL, { log: (l) => console.log(l) });
console.log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
