import { readJson, withOrg } from "@/lib/http/route";
import { budgetInputSchema, setBudget } from "@/lib/spend/budgets";

// PUT { projectId: "" | "<project id>", amount: "25000.00" | null }: set or remove a monthly budget.
export const PUT = withOrg("budgets.manage", async (req, ctx) => Response.json(await setBudget(ctx, await readJson(req, budgetInputSchema, "budget"))));
