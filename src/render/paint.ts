/** Colour for text output: a plain identity painter, or chalk at level 1 when colour is on. */
export interface Paint {
  dim(s: string): string;
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

export const plain: Paint = { dim: (s) => s, bold: (s) => s, green: (s) => s, red: (s) => s, yellow: (s) => s };

/** chalk is loaded only when colour is on. */
export async function makePaint(color: boolean): Promise<Paint> {
  if (!color) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { dim: c.dim, bold: c.bold, green: c.green, red: c.red, yellow: c.yellow };
}
