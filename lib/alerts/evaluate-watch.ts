import type { CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { DAY_MS, isoDay } from "@/lib/alerts/time";
import { Decimal, formatUsd } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { estimateCost } from "@/lib/pricing/estimate";
import { signedUsd } from "@/lib/pricing/impact";
import { changeSignature, groupByVersion, versionChangeImpact } from "@/lib/pricing/org-impact";
import { versionForDay } from "@/lib/pricing/price-book";
import { retiringWithin } from "@/lib/pricing/retirements";
import { SEVERITIES } from "@/lib/terms/severity";

// Price change, terms change and retirement: decisions over the watched catalogs and documents, each
// expressed in the org's dollars where it can be.

/** Changes detected this long ago are still reported to a rule created since (then never again: dedup). */
export const WATCH_LOOKBACK_DAYS = 14;

const priceLink = (slug: string, provider: string, model: string) => `/${slug}/prices?provider=${encodeURIComponent(provider)}&model=${encodeURIComponent(model)}`;

/** A catalog price moved on a model used in the last 30 days: once per change (whichever source saw it). */
export function evaluatePriceChange(rule: RuleToEvaluate, p: RuleParams<"PRICE_CHANGE">, data: OrgAlertData, now: Date): CandidateEvent[] {
  if (!data.priceChanges || !data.usage30d) return [];
  const since = now.getTime() - WATCH_LOOKBACK_DAYS * DAY_MS;
  const recent = data.priceChanges.changes.filter((c) => c.detectedAt.getTime() >= since && c.detectedAt.getTime() <= now.getTime());
  const out: CandidateEvent[] = [];
  const seen = new Set<string>();
  for (const version of groupByVersion(recent, data.priceChanges.versionInputPrices)) {
    const impact = versionChangeImpact(version, data.usage30d);
    if (!impact.inUse) continue;
    if (impact.monthlyDelta.abs().lt(p.minMonthlyImpact)) continue;
    if (p.increasesOnly && !impact.monthlyDelta.gt(0)) continue;
    const signature = changeSignature(version);
    if (seen.has(signature)) continue; // the same change seen by a second source
    seen.add(signature);
    const increase = impact.monthlyDelta.gt(0);
    out.push({
      type: "PRICE_CHANGE",
      dedupKey: `price:${rule.id}:${version.provider}/${version.model}:${signature}`,
      severity: increase ? (impact.monthlyDelta.gte(1000) ? "HIGH" : "MEDIUM") : "LOW",
      title: `Price change: ${version.provider} ${version.model} ${signedUsd(impact.monthlyDelta)}/month for ${data.org.name}`,
      body: [
        `${impact.descriptions.join("; ")} (effective ${isoDay(version.effectiveFrom)}).`,
        `At your last 30 days of usage this ${increase ? "costs" : "saves"} ${formatUsd(impact.monthlyDelta.abs())} a month: ${impact.perProject.map((x) => x.sentence).join("; ")}.`,
      ].join("\n"),
      data: {
        provider: version.provider,
        model: version.model,
        toVersionId: version.toVersionId,
        effectiveFrom: version.effectiveFrom.toISOString(),
        monthlyDelta: impact.monthlyDelta.toFixed(2),
        changes: version.changes.map((c) => ({ field: c.field, oldValue: c.oldValue?.toFixed() ?? null, newValue: c.newValue?.toFixed() ?? null })),
        perProject: impact.perProject.map((x) => ({ projectId: x.projectId, projectName: x.projectName, monthlyDelta: x.monthlyDelta.toFixed(2) })),
      },
      link: priceLink(data.org.slug, version.provider, version.model),
    });
  }
  return out;
}

/** A watched document changed at or above the rule's severity: once per document change. */
export function evaluateTermsChange(rule: RuleToEvaluate, p: RuleParams<"TERMS_CHANGE">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const since = now.getTime() - WATCH_LOOKBACK_DAYS * DAY_MS;
  const min = SEVERITIES.indexOf(p.minSeverity);
  const vendors = new Set(p.vendors.map((v) => v.toLowerCase()));
  return (data.documentChanges ?? [])
    .filter((c) => c.detectedAt.getTime() >= since && c.detectedAt.getTime() <= now.getTime())
    .filter((c) => SEVERITIES.indexOf(c.severity) >= min && (vendors.size === 0 || vendors.has(c.vendor.toLowerCase())))
    .map((c) => ({
      type: "TERMS_CHANGE" as const,
      dedupKey: `terms:${rule.id}:${c.id}`,
      severity: c.severity,
      title: `${c.severity} change: ${c.title} (${isoDay(c.detectedAt)})`,
      body: [
        `${c.title} (${c.url}) changed. ${c.summary}`,
        ...c.matchedRules.map((m) => `${m.severity}: ${m.explanation}`),
        ...(c.matchedRules.length ? [] : c.diffPreview.slice(0, 3).map((d) => `${d.op === "added" ? "Added" : "Removed"}: "${d.text}"`)),
      ].join("\n"),
      data: { documentId: c.documentId, changeId: c.id, vendor: c.vendor, url: c.url, matchedRules: c.matchedRules.map((m) => m.rule) },
      link: `/${data.org.slug}/documents/${c.documentId}/changes/${c.id}`,
    }));
}

/** A model the org used in the last 30 days retires within N days: once per model and retirement date. */
export function evaluateRetirement(rule: RuleToEvaluate, p: RuleParams<"RETIREMENT">, data: OrgAlertData, now: Date): CandidateEvent[] {
  if (!data.retirements || !data.usage30d) return [];
  const prices = data.currentPrices ?? [];
  const out: CandidateEvent[] = [];
  for (const r of retiringWithin(data.retirements, now, p.withinDays)) {
    const rows = data.usage30d.filter((u) => u.provider === r.provider && parseModelName(u.model).id === r.model);
    if (rows.length === 0) continue;
    const current = versionForDay(prices, r.provider, r.model, now);
    const replacement = r.replacement ? versionForDay(prices, r.provider, r.replacement, now) : null;
    const perProject = new Map<string, { name: string; cost: Decimal | null; replacementCost: Decimal | null }>();
    for (const u of rows) {
      const acc = perProject.get(u.projectId) ?? { name: u.projectName, cost: current ? new Decimal(0) : null, replacementCost: replacement ? new Decimal(0) : null };
      if (current && acc.cost) acc.cost = acc.cost.plus(estimateCost(u.usage, current)); // USD over the 30 days
      if (replacement && acc.replacementCost) acc.replacementCost = acc.replacementCost.plus(estimateCost(u.usage, replacement));
      perProject.set(u.projectId, acc);
    }
    const projects = [...perProject.values()].sort((a, b) => (b.cost?.comparedTo(a.cost ?? 0) ?? 0) || a.name.localeCompare(b.name));
    const total = current ? projects.reduce((acc, x) => acc.plus(x.cost ?? 0), new Decimal(0)) : null;
    const totalReplacement = replacement ? projects.reduce((acc, x) => acc.plus(x.replacementCost ?? 0), new Decimal(0)) : null;
    const retires = isoDay(r.retiresAt);
    const replacementLine = !r.replacement
      ? "The vendor names no replacement; choose one before that date."
      : totalReplacement && total
        ? `The same usage on ${r.replacement} would cost ${formatUsd(totalReplacement)} a month at current prices (${signedUsd(totalReplacement.minus(total))}/month).`
        : `The replacement is ${r.replacement}; its price is not in the catalog, so the cost of moving could not be worked out.`;
    out.push({
      type: "RETIREMENT",
      dedupKey: `retirement:${rule.id}:${r.provider}/${r.model}:${retires}`,
      severity: r.daysLeft <= 30 ? "HIGH" : "MEDIUM",
      title: `${r.provider} ${r.model} retires on ${retires} (in ${r.daysLeft} day${r.daysLeft === 1 ? "" : "s"}), used by ${projects.length} project${projects.length === 1 ? "" : "s"}`,
      body: [
        `${r.provider} retires ${r.model} on ${retires}; requests to it will fail after that (source: ${r.source}).`,
        `Used in the last 30 days by: ${projects.map((x) => `project ${x.name}${x.cost ? ` (${formatUsd(x.cost)})` : ""}`).join(", ")}${total ? `, ${formatUsd(total)} in all` : ""}.`,
        replacementLine,
      ].join("\n"),
      data: {
        provider: r.provider,
        model: r.model,
        retiresAt: r.retiresAt.toISOString(),
        replacement: r.replacement,
        monthlyCost: total?.toFixed(2) ?? null,
        replacementMonthlyCost: totalReplacement?.toFixed(2) ?? null,
        projects: projects.map((x) => ({ name: x.name, cost: x.cost?.toFixed(2) ?? null })),
      },
      link: priceLink(data.org.slug, r.provider, r.replacement ?? r.model),
    });
  }
  return out;
}
