// Who receives a rule's emails: the org's members holding any of its roles, plus its own addresses;
// lower-cased, each once, sorted (so a delivery's recipient is stable across runs).
export function resolveRecipients(rule: { recipientRoles: readonly string[]; recipientEmails: readonly string[] }, members: readonly { email: string; role: string }[]): string[] {
  const roles = new Set(rule.recipientRoles);
  const emails = [...members.filter((m) => roles.has(m.role)).map((m) => m.email), ...rule.recipientEmails];
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))].sort();
}
