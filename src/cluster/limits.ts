/**
 * Every bound on talking to an API server, as data (README "Reliability" lists them).
 * kubectl waits forever by default (client-go's http.Client.Timeout is 0 unless
 * --request-timeout is given); a tool people run at 2 a.m. must not, so each request and each
 * command has a deadline.
 */
export const API_LIMITS = {
  /** Per API request (connect, headers and body, retries included) when --request-timeout is not given or 0. */
  defaultRequestTimeoutMs: 30_000,
  /** Every API request a command sends must finish within this long after the client was made. */
  commandDeadlineMs: 300_000,
  /**
   * Retries of one request answered 429 or 5xx with an integer Retry-After header, waiting the
   * seconds it says: client-go's rest.Request does the same (checkWait: `r == 429 || r >= 500`,
   * retryAfterSeconds; NewRequest sets maxRetries 10) in k8s.io/client-go/rest/request.go and
   * with_retry.go. A wait that would pass the request's timeout is not started.
   */
  maxRetries: 10,
  /** The longest single Retry-After wait honoured (client-go honours any; the timeout bounds ours). */
  maxRetryAfterMs: 60_000,
  /** A response body larger than this is refused (a 500-item page is a few MB). */
  maxResponseBytes: 256 * 1024 * 1024,
  /** Pages of one list (limit=500 each, as kubectl): 2,000 pages is 1,000,000 objects. */
  maxListPages: 2_000,
  /** Objects of one list. */
  maxListItems: 1_000_000,
} as const;

export type ApiLimits = { -readonly [K in keyof typeof API_LIMITS]: number };
