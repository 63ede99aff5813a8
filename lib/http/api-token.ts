import { AppError } from "@/lib/errors";
import { authenticateApiToken, type TokenAuth } from "@/lib/api-tokens/tokens";
import { errorResponse } from "@/lib/http/route";

// The edge wrapper for machine routes (/api/v1/*): an org API token instead of a session. The org
// comes from the token only, never from the URL or the body, so a token cannot reach another org.

export function withApiToken(handler: (req: Request, auth: TokenAuth) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const auth = await authenticateApiToken(req.headers.get("authorization"));
      return await handler(req, auth);
    } catch (e) {
      const res = errorResponse(e);
      if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="breakeven"');
      return res;
    }
  };
}

/**
 * Read a JSON body of at most `maxBytes`, refusing early (413) when Content-Length already says more
 * and stopping the read as soon as the limit is passed, so an oversized body is never held whole.
 */
export async function readJsonCapped(req: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = (n: number | string) => new AppError("PAYLOAD_TOO_LARGE", `The body is ${n} bytes; the limit is ${maxBytes} (send smaller batches)`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(`more than ${maxBytes}`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_INPUT", "The body must be JSON", { issues: [{ field: "(body)", message: "not valid JSON" }] });
  }
}
