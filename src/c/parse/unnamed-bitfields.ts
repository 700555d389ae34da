/**
 * Unnamed bit-fields whose type is two or more of `unsigned`, `signed`,
 * `long` and `short` without `int` or `char` (`unsigned long : 1;`,
 * `long long : 7;`): tree-sitter-c reads `unsigned int : 3;` and `long : 1;`
 * as a field with a MISSING name, but these as the type followed by an ERROR
 * holding `: <width>`, and the bits they hold were lost from the layout. The
 * kernel's own headers have dozens (s390's psw_bits and control registers).
 * Such a field is read here as what it is: an unnamed bit-field of that type.
 */
import type { SyntaxNode } from './syntax-node.ts';

/** The width's text when `fd` is such a field (a field declaration: type, then an ERROR `: <width>`, then `;`), else null. */
export function unnamedBitfieldWidth(fd: SyntaxNode): string | null {
  if (fd.type !== 'field_declaration' || fd.childForFieldName('declarator') !== null) return null;
  const type = fd.childForFieldName('type');
  if (type?.type !== 'sized_type_specifier') return null;
  const rest = fd.children.slice(fd.children.indexOf(type) + 1).filter((c) => c.type !== ';');
  if (rest.length !== 1 || rest[0]!.type !== 'ERROR') return null;
  const m = /^:(?!:)([\s\S]+)$/.exec(rest[0]!.text.trim());
  return m && m[1]!.trim() !== '' ? m[1]!.trim() : null;
}

/** `node` is the ERROR of such a field: it is valid C, not a syntax error. */
export function isUnnamedBitfieldError(node: SyntaxNode): boolean {
  return node.type === 'ERROR' && node.parent !== null && unnamedBitfieldWidth(node.parent) !== null;
}
