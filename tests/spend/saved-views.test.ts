import { describe, expect, it } from "vitest";
import { canChangeView, matchingPreset, presetDays, resolveViewQuery, storedViewFields, savedViewInputSchema } from "@/lib/spend/saved-views";
import { cronPattern, reportRecipients, scheduleFromInput, scheduleLabel, viewReportInputSchema } from "@/lib/spend/view-report";

// Saved views and their weekly report, the pure parts: a relative range read on the day it is used,
// who may change what, the cron pattern and the recipients.

const filters = { provider: ["openai"], model: [], project: [], tag: [], groupBy: "model" };

describe("saved view ranges", () => {
  it("a preset is read against the day it is opened or sent (UTC, inclusive)", () => {
    expect(presetDays("last-month", "2026-12-07")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetDays("last-month", "2026-03-01")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetDays("this-month", "2026-12-07")).toEqual({ from: "2026-12-01", to: "2026-12-07" });
    expect(presetDays("last-7-days", "2026-12-07")).toEqual({ from: "2026-12-01", to: "2026-12-07" });
    expect(presetDays("last-90-days", "2026-12-07")).toEqual({ from: "2026-09-09", to: "2026-12-07" });
    expect(presetDays("last-13-months", "2026-12-07")).toEqual({ from: "2025-12-01", to: "2026-12-07" });
  });

  it("the same stored view means different days a week later; a fixed one does not", () => {
    const rel = { filters, range: "last-7-days", fromDay: null, toDay: null };
    expect(resolveViewQuery(rel, new Date("2026-12-07T07:00:00Z"))).toMatchObject({ from: "2026-12-01", to: "2026-12-07", provider: ["openai"], groupBy: "model" });
    expect(resolveViewQuery(rel, new Date("2026-12-14T07:00:00Z"))).toMatchObject({ from: "2026-12-08", to: "2026-12-14" });
    const fixed = { filters, range: "fixed", fromDay: "2026-01-01", toDay: "2026-03-31" };
    expect(resolveViewQuery(fixed, new Date("2026-12-14T07:00:00Z"))).toMatchObject({ from: "2026-01-01", to: "2026-03-31" });
  });

  it("stores days only for a fixed range, and proposes the preset the dates match", () => {
    const input = savedViewInputSchema.parse({ name: " Q1 ", query: { from: "2026-01-01", to: "2026-03-31", provider: ["OpenAI"] } });
    expect(input.name).toBe("Q1");
    expect(storedViewFields(input)).toEqual({ filters: { provider: ["openai"], model: [], project: [], tag: [], groupBy: "provider" }, range: "fixed", fromDay: "2026-01-01", toDay: "2026-03-31" });
    expect(storedViewFields({ ...input, range: "last-month" })).toMatchObject({ range: "last-month", fromDay: null, toDay: null });
    expect(matchingPreset("2026-11-01", "2026-11-30", "2026-12-07")).toBe("last-month");
    expect(matchingPreset("2026-11-02", "2026-11-30", "2026-12-07")).toBeNull();
  });

  it("names the bad field", () => {
    const r = savedViewInputSchema.safeParse({ name: "", query: { from: "2026-02-01", to: "2026-01-01" } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["name", "query.to"]);
  });
});

describe("who may change a view", () => {
  const view = { ownerId: "u1", shared: true };
  it("its owner edits and deletes; an admin may only delete a shared one; others neither", () => {
    expect(canChangeView(view, { id: "u1", role: "ENGINEERING" }, "edit")).toBe(true);
    expect(canChangeView(view, { id: "u2", role: "ADMIN" }, "edit")).toBe(false);
    expect(canChangeView(view, { id: "u2", role: "ADMIN" }, "delete")).toBe(true);
    expect(canChangeView({ ...view, shared: false }, { id: "u2", role: "OWNER" }, "delete")).toBe(false);
    expect(canChangeView(view, { id: "u2", role: "FINANCE" }, "delete")).toBe(false);
  });
});

describe("weekly report", () => {
  it("Monday 07:30 UTC is the cron pattern 30 7 * * 1", () => {
    const s = scheduleFromInput({ weekday: 1, time: "07:30" });
    expect(cronPattern(s)).toBe("30 7 * * 1");
    expect(scheduleLabel(s)).toBe("Every Monday at 07:30 UTC");
  });

  it("refuses a report without recipients or with a bad time, naming the field", () => {
    const none = viewReportInputSchema.safeParse({ weekday: 1, time: "07:00" });
    expect(none.error!.issues[0]!.path).toEqual(["memberIds"]);
    const late = viewReportInputSchema.safeParse({ weekday: 7, time: "24:00", addresses: ["not-an-address"] });
    expect(late.error!.issues.map((i) => i.path.join("."))).toEqual(["weekday", "time", "addresses.0"]);
  });

  it("sends to members still in the org (current address) and other addresses, each once", () => {
    const members = [{ userId: "u1", email: "Fin@Co.test" }, { userId: "u2", email: "cto@co.test" }];
    expect(reportRecipients({ memberIds: ["u1", "gone"], addresses: ["fin@co.test", "cfo@outside.test"] }, members)).toEqual(["fin@co.test", "cfo@outside.test"]);
  });
});
