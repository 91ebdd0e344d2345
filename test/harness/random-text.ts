/**
 * Seeded arbitrary strings for property tests (no dependency): a mulberry32 PRNG and a generator
 * that favours what attacks a terminal: ESC/CSI/OSC sequences (OSC 52 clipboard, OSC 8 links),
 * C1 controls, DEL, bidi overrides, lone surrogates, NUL, CR, plus plain and non-ASCII text.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '\u001b[2J', '\u001b[31m', '\u001b]52;c;aGVsbG8=\u0007', '\u001b]8;;https://evil.example/\u001b\\', '\u009b31m', '\u009d0;title\u009c',
  '\u001bc', '\u001b(0', '\r', '\u0000', '\u0007', '\b', '\u007f', '\u202e', '\u2066', '\u200f', '\u061c', '\u2028', '\ud800', '\udfff',
  'web', 'kube-dns', '10.96.0.10', '\\x1b', 'é', '日本', '🙂', ' ', '\t', '\n',
];

export function randomText(rand: () => number, maxLength = 40): string {
  let s = '';
  const n = Math.floor(rand() * maxLength);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.45) s += PIECES[Math.floor(rand() * PIECES.length)]!;
    else if (r < 0.75) s += String.fromCharCode(Math.floor(rand() * 0xa0)); // C0, ASCII, DEL, C1
    else s += String.fromCodePoint(Math.floor(rand() * 0x2100)); // Latin to punctuation (bidi marks live there)
  }
  return s;
}
