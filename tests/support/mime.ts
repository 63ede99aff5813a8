// Just enough MIME to read what tests/support/smtp.ts received: unfolded headers, and the decoded text and
// HTML parts of a nodemailer message (multipart/alternative, quoted-printable or base64 parts).

export interface ParsedMail {
  headers: Record<string, string>;
  text: string;
  html: string;
  /** Parts sent as attachments (multipart/mixed), decoded as UTF-8 text. */
  attachments: { filename: string; contentType: string; content: string }[];
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf("\r\n\r\n");
  const head = (at === -1 ? raw : raw.slice(0, at)).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body: at === -1 ? "" : raw.slice(at + 4) };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in headers. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : decodeQp(text.replace(/_/g, " ")),
  );
}

function decodeQp(s: string): string {
  const soft = s.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodePart(headers: Record<string, string>, body: string): string {
  const enc = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(body);
  return body;
}

export function parseMail(raw: string): ParsedMail {
  const top = splitHeaders(raw);
  const out: ParsedMail = { headers: top.headers, text: "", html: "", attachments: [] };
  collectParts(top, out);
  return out;
}

/** Walks nested multiparts (mixed > alternative): text and HTML bodies, and attachments by filename. */
function collectParts(part: { headers: Record<string, string>; body: string }, out: ParsedMail): void {
  const type = (part.headers["content-type"] ?? "text/plain").toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers["content-type"] ?? "")?.[1];
  if (type.startsWith("multipart/") && boundary) {
    for (const p of part.body.split(`--${boundary}`).slice(1, -1)) collectParts(splitHeaders(p.replace(/^\r\n/, "")), out);
    return;
  }
  const decoded = decodePart(part.headers, part.body).replace(/\r\n$/, "");
  const disposition = part.headers["content-disposition"] ?? "";
  if (/^attachment/i.test(disposition)) {
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "";
    out.attachments.push({ filename, contentType: type, content: decodePart(part.headers, part.body) });
  } else if (type.startsWith("text/html")) out.html = decoded;
  else if (type.startsWith("text/plain")) out.text = decoded;
}
