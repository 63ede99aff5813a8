import { createHash } from "node:crypto";
import type { CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { DAY_MS, isoDay } from "@/lib/alerts/time";
import { Decimal, formatUsd } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { estimateCost } from "@/lib/pricing/estimate";
import { signedUsd } from "@/lib/pricing/impact";
import { groupByVersion, versionChangeImpact, type StoredPriceChange } from "@/lib/pricing/org-impact";
import { versionForDay } from "@/lib/pricing/price-book";
import { retiringWithin } from "@/lib/pricing/retirements";
import { exactCount, projectsSendingToVendor } from "@/lib/privacy/exposure";
import { RULE_FIELDS, seedOfferings, vendorName } from "@/lib/privacy/posture";
import { SEVERITIES } from "@/lib/terms/severity";

// Price change, terms change and retirement: decisions over the watched catalogs and documents, each
// expressed in the org's dollars where it can be.

/** Changes detected this long ago are still reported to a rule created since (then never again: dedup). */
export const WATCH_LOOKBACK_DAYS = 14;

const priceLink = (slug: string, provider: string, model: string) => `/${slug}/prices?provider=${encodeURIComponent(provider)}&model=${encodeURIComponent(model)}`;

/**
 * The identity of one reported price line: model, field, old and new value, effective day. Alerts are
 * de-duplicated by it, so the same move reported by a second source (or a second poll) is not news, but a
 * genuine repeat (a price cut, restored, and cut again on a later day) is.
 */
export function priceLineKey(c: Pick<StoredPriceChange, "provider" | "model" | "field" | "oldValue" | "newValue" | "effectiveFrom">): string {
  return `${c.provider}/${c.model}|${c.field}|${c.oldValue?.toFixed() ?? "-"}|${c.newValue?.toFixed() ?? "-"}|${isoDay(c.effectiveFrom)}`;
}

/**
 * A catalog price moved on a model used in the last 30 days. One event per model per evaluation (a poll's three
 * moved fields are one alert with three lines); lines an earlier event of the rule reported are left out; a
 * change whose source-given date is older than the lookback is history, not news. Only CONFIRMED changes reach
 * here (store.ts): held suspects, corrections and baseline history never alert.
 */
export function evaluatePriceChange(rule: RuleToEvaluate, p: RuleParams<"PRICE_CHANGE">, data: OrgAlertData, now: Date): CandidateEvent[] {
  if (!data.priceChanges || !data.usage30d) return [];
  const since = now.getTime() - WATCH_LOOKBACK_DAYS * DAY_MS;
  const alerted = data.alertedPriceLines?.[rule.id] ?? new Set<string>();
  const fresh = new Map<string, StoredPriceChange>();
  for (const c of data.priceChanges.changes) {
    if (c.detectedAt.getTime() < since || c.detectedAt.getTime() > now.getTime()) continue;
    if (c.effectiveFrom.getTime() < since) continue; // dated by the source long ago: history, not news
    const key = priceLineKey(c);
    if (alerted.has(key) || fresh.has(key)) continue; // already reported, or the same move from a second source
    fresh.set(key, c);
  }
  const byModel = new Map<string, StoredPriceChange[]>();
  for (const c of fresh.values()) byModel.set(`${c.provider}/${c.model}`, [...(byModel.get(`${c.provider}/${c.model}`) ?? []), c]);

  const out: CandidateEvent[] = [];
  for (const lines of byModel.values()) {
    const first = lines[0]!;
    const change = modelChange(lines, data.priceChanges.versionInputPrices);
    const impact = versionChangeImpact(change, data.usage30d);
    if (!impact.inUse) continue;
    if (impact.monthlyDelta.abs().lt(p.minMonthlyImpact)) continue;
    if (p.increasesOnly && !impact.monthlyDelta.gt(0)) continue;
    const increase = impact.monthlyDelta.gt(0);
    const lineKeys = lines.map(priceLineKey).sort();
    const effective = [...new Set(lines.map((c) => isoDay(c.effectiveFrom)))].join(", ");
    out.push({
      type: "PRICE_CHANGE",
      dedupKey: `price:${rule.id}:${first.provider}/${first.model}:${createHash("sha1").update(lineKeys.join("\n")).digest("hex").slice(0, 20)}`,
      severity: increase ? (impact.monthlyDelta.gte(1000) ? "HIGH" : "MEDIUM") : "LOW",
      title: `Price change: ${first.provider} ${first.model} ${signedUsd(impact.monthlyDelta)}/month for ${data.org.name}`,
      body: [
        // dated by the source where it says when; otherwise by the poll that first saw it, and said so
        ...impact.descriptions.map((d, i) => `${d} (${change.changes[i]!.datedBy === "FIRST_SEEN" ? "first seen" : "effective"} ${isoDay(change.changes[i]!.effectiveFrom)}).`),
        `At your last 30 days of usage this ${increase ? "costs" : "saves"} ${formatUsd(impact.monthlyDelta.abs())} a month: ${impact.perProject.map((x) => x.sentence).join("; ")}.`,
      ].join("\n"),
      data: {
        provider: first.provider,
        model: first.model,
        toVersionId: lines[lines.length - 1]!.toVersionId,
        effectiveFrom: effective,
        monthlyDelta: impact.monthlyDelta.toFixed(2),
        changes: lines.map((c) => ({ field: c.field, oldValue: c.oldValue?.toFixed() ?? null, newValue: c.newValue?.toFixed() ?? null, effectiveFrom: c.effectiveFrom.toISOString() })),
        lineKeys,
        perProject: impact.perProject.map((x) => ({ projectId: x.projectId, projectName: x.projectName, monthlyDelta: x.monthlyDelta.toFixed(2) })),
      },
      link: priceLink(data.org.slug, first.provider, first.model),
    });
  }
  return out;
}

/** The lines of one model as one change for impact: each field's earliest old value and latest new value. */
function modelChange(lines: StoredPriceChange[], inputPrices: ReadonlyMap<string, Decimal>) {
  const sorted = [...lines].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.detectedAt.getTime() - b.detectedAt.getTime());
  const perField = new Map<string, StoredPriceChange>();
  for (const c of sorted) {
    const was = perField.get(c.field);
    perField.set(c.field, was ? { ...c, oldValue: was.oldValue } : c);
  }
  const merged = [...perField.values()].map((c) => ({ ...c, toVersionId: sorted[sorted.length - 1]!.toVersionId }));
  return groupByVersion(merged, inputPrices)[0]!;
}

/**
 * A watched document changed at or above the rule's severity: once per document change. When a rule about training,
 * retention or processing regions fired, the alert also names the projects that sent data to that vendor in the last
 * 30 days with their tokens (input, cached input, cache writes and output), most first: who is affected, and how much.
 */
export function evaluateTermsChange(rule: RuleToEvaluate, p: RuleParams<"TERMS_CHANGE">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const since = now.getTime() - WATCH_LOOKBACK_DAYS * DAY_MS;
  const min = SEVERITIES.indexOf(p.minSeverity);
  const vendors = new Set(p.vendors.map((v) => v.toLowerCase()));
  return (data.documentChanges ?? [])
    .filter((c) => c.detectedAt.getTime() >= since && c.detectedAt.getTime() <= now.getTime())
    .filter((c) => SEVERITIES.indexOf(c.severity) >= min && (vendors.size === 0 || vendors.has(c.vendor.toLowerCase())))
    .map((c) => {
      const privacy = c.matchedRules.some((m) => RULE_FIELDS[m.rule]);
      const projects = privacy ? projectsSendingToVendor(c.vendor, (data.usage30d ?? []).map((u) => ({ provider: u.provider, projectId: u.projectId, projectName: u.projectName, ...u.usage })), seedOfferings()) : [];
      const projectLine = !privacy
        ? []
        : projects.length
          ? [`Projects that sent data to ${vendorName(c.vendor)} in the last 30 days (tokens): ${projects.map((x) => `${x.name} ${exactCount(x.tokens)}`).join("; ")}.`]
          : [`No project sent data to ${vendorName(c.vendor)} in the last 30 days.`];
      return {
        type: "TERMS_CHANGE" as const,
        dedupKey: `terms:${rule.id}:${c.id}`,
        severity: c.severity,
        title: `${c.severity} change: ${c.title} (${isoDay(c.detectedAt)})`,
        body: [
          `${c.title} (${c.url}) changed. ${c.summary}`,
          ...c.matchedRules.map((m) => `${m.severity}: ${m.explanation}`),
          ...(c.matchedRules.length ? [] : c.diffPreview.slice(0, 3).map((d) => `${d.op === "added" ? "Added" : "Removed"}: "${d.text}"`)),
          ...projectLine,
        ].join("\n"),
        data: {
          documentId: c.documentId,
          changeId: c.id,
          vendor: c.vendor,
          url: c.url,
          matchedRules: c.matchedRules.map((m) => m.rule),
          ...(privacy ? { projects: projects.map((x) => ({ name: x.name, projectId: x.projectId, provider: x.provider, tokens30d: x.tokens })) } : {}),
        },
        link: `/${data.org.slug}/documents/${c.documentId}/changes/${c.id}`,
      };
    });
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
