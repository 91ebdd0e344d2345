/**
 * Internal error codes (undici's, Node's, the exec layer's outcomes) said in plain words at the
 * CLI boundary, so that `UND_ERR_CONNECT_TIMEOUT` or `nonZeroExit` never reaches a user. Pure.
 */
const WORDS: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server sent no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending its answer',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_ABORTED: 'the request was cancelled',
  UND_ERR_RESPONSE_STATUS_CODE: 'the server answered with an error status',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  nonZeroExit: 'the command exited with an error',
  closedWithoutStatus: 'the connection closed before the command finished',
  notFound: 'the command is not in the image',
};

/** The exec layer's outcome in words. */
export function outcomeWords(outcome: string): string {
  return WORDS[outcome] ?? outcome;
}

/**
 * Replaces each internal code in a message by its words. "connection refused (ECONNREFUSED)"
 * (words already given) loses the parenthesised code; a bare code becomes its words.
 */
export function plainWords(message: string): string {
  let out = message;
  for (const [code, words] of Object.entries(WORDS)) {
    if (!out.includes(code)) continue;
    const esc = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`\\s*\\(${esc}\\)`, 'g'), (m) => (out.includes(words) ? '' : ` (${words})`));
    out = out.replace(new RegExp(`\\b${esc}\\b`, 'g'), words);
  }
  return out;
}
