import type { OutputFormat } from './flags.ts';
import type { Writable } from './env.ts';
import { UsageError } from '../shared/errors.ts';

/**
 * `-o jsonpath=...` / `-o custom-columns=...`: applied to the document `-o json` prints (given as
 * its text, so the two can never differ). custom-columns runs over the document's list `listKey`
 * (records, findings, ...), or over the document itself as one row. Returns false for the other
 * formats, which the command prints itself.
 */
export async function writeTemplated(
  output: OutputFormat,
  opts: { headers: boolean; listKey?: string },
  jsonText: () => string,
  stdout: Writable,
): Promise<boolean> {
  const jsonpath = output.startsWith('jsonpath=');
  if (!jsonpath && !output.startsWith('custom-columns=')) return false;
  const { renderJsonPath, renderCustomColumns, TemplateError } = await import('../render/kubectl-template.ts');
  const doc = JSON.parse(jsonText()) as Record<string, unknown>;
  try {
    if (jsonpath) stdout.write(renderJsonPath(output.slice('jsonpath='.length), doc));
    else {
      const list = opts.listKey !== undefined ? doc[opts.listKey] : undefined;
      const items = Array.isArray(list) ? list : [doc];
      stdout.write(renderCustomColumns(output.slice('custom-columns='.length), items, { noHeaders: !opts.headers }));
    }
  } catch (e) {
    if (e instanceof TemplateError) throw new UsageError(`-o ${jsonpath ? 'jsonpath' : 'custom-columns'}: ${e.message}`);
    throw e;
  }
  return true;
}
