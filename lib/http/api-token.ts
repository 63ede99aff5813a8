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
