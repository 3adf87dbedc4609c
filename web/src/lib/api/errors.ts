// The API's error shape: {"error": {"code", "message", "field"?, ...}}; the HTTP API itself answers
// 401 {"message": "Unauthorized"}. ApiError keeps the body so screens can show the reasons.

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.body = body;
  }
}

export function toApiError(status: number, payload: unknown): ApiError {
  const wrapped = (payload as { error?: ErrorBody } | null)?.error;
  if (wrapped && typeof wrapped.message === "string") return new ApiError(status, wrapped);
  const message = (payload as { message?: string } | null)?.message;
  return new ApiError(status, { code: status === 401 ? "unauthorized" : "http_" + status, message: message ?? `HTTP ${status}` });
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The success body, or an ApiError carrying the API's own message. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}
