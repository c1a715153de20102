/**
 * A small XML Schema checker for schemas shaped like ComicInfo's (tests/fixtures/comicinfo): a
 * root xs:element, xs:complexType with an xs:sequence of xs:element (minOccurs/maxOccurs) and
 * xs:attribute (use="required"), xs:simpleType restrictions (enumerations, xs:decimal bounds and
 * fraction digits) and xs:list. Anything else in a schema is reported as unsupported rather than
 * ignored, so a schema this cannot read fails loudly. Returns the problems found; none is valid.
 */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => (e[0] === "#" ? String.fromCodePoint(parseInt(e.slice(e[1] === "x" ? 2 : 1), e[1] === "x" ? 16 : 10)) : (ENTITIES[e] ?? m)));

/** Parses well-formed XML without DTDs, CDATA or processing instructions past the prolog; throws on mismatched tags. */
export function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^\uFEFF?<\?xml[^?]*\?>/, "").replace(/<!--[\s\S]*?-->/g, "");
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g;
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [root];
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`Malformed XML near “${between.slice(0, 40)}”`);
    stack.at(-1)!.text += decode(between);
    last = tag.lastIndex;
    const [, close, name, rawAttrs, selfClose] = m as unknown as [string, string, string, string, string];
    if (close) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const node: XmlNode = { name, attrs, children: [], text: "" };
    stack.at(-1)!.children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1 || body.slice(last).trim()) throw new Error("Unclosed element or trailing text");
  if (root.children.length !== 1) throw new Error("An XML document has exactly one root element");
  return root.children[0]!;
}

type Check = (value: string) => string | null;

const BUILTIN: Record<string, Check> = {
  "xs:string": () => null,
  "xs:int": (v) => (/^[+-]?\d+$/.test(v.trim()) && Math.abs(Number(v)) <= 2 ** 31 ? null : `“${v}” is not an xs:int`),
  "xs:long": (v) => (/^[+-]?\d+$/.test(v.trim()) ? null : `“${v}” is not an xs:long`),
  "xs:boolean": (v) => (["true", "false", "1", "0"].includes(v.trim()) ? null : `“${v}” is not an xs:boolean`),
  "xs:decimal": (v) => (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim()) ? null : `“${v}” is not an xs:decimal`),
};

export function checkAgainstXsd(xsdText: string, xmlText: string): string[] {
  const schema = parseXml(xsdText);
  const complex = new Map(schema.children.filter((c) => c.name === "xs:complexType").map((c) => [c.attrs.name!, c]));
  const simple = new Map(schema.children.filter((c) => c.name === "xs:simpleType").map((c) => [c.attrs.name!, c]));
  const problems: string[] = [];

  const simpleCheck = (node: XmlNode): Check => {
    const [inner] = node.children;
    if (inner?.name === "xs:list") {
      const item = simpleCheck(inner.children[0]!);
      return (v) => v.trim().split(/\s+/).map(item).find(Boolean) ?? null;
    }
    if (inner?.name !== "xs:restriction") throw new Error(`Unsupported simple type ${node.attrs.name ?? ""}`);
    const base = typeCheck(inner.attrs.base!);
    const enums = inner.children.filter((c) => c.name === "xs:enumeration").map((c) => c.attrs.value!);
    const facet = (n: string) => inner.children.find((c) => c.name === n)?.attrs.value;
    const [min, max, digits] = [facet("xs:minInclusive"), facet("xs:maxInclusive"), facet("xs:fractionDigits")];
    for (const c of inner.children) if (!["xs:enumeration", "xs:minInclusive", "xs:maxInclusive", "xs:fractionDigits"].includes(c.name)) throw new Error(`Unsupported facet ${c.name}`);
    return (v) =>
      base(v) ??
      (enums.length && !enums.includes(v) ? `“${v}” is not one of ${enums.join(", ")}` : null) ??
      (min !== undefined && Number(v) < Number(min) ? `${v} < ${min}` : null) ??
      (max !== undefined && Number(v) > Number(max) ? `${v} > ${max}` : null) ??
      (digits !== undefined && (v.split(".")[1]?.length ?? 0) > Number(digits) ? `${v} has more than ${digits} fraction digits` : null);
  };
  const typeCheck = (type: string): Check => {
    if (BUILTIN[type]) return BUILTIN[type];
    const s = simple.get(type);
    if (!s) throw new Error(`Unknown simple type ${type}`);
    return simpleCheck(s);
  };

  const checkElement = (node: XmlNode, type: string, where: string) => {
    const ct = complex.get(type);
    if (!ct) {
      if (node.children.length) problems.push(`${where}: a simple element has child elements`);
      const problem = typeCheck(type)(node.text);
      if (problem) problems.push(`${where}: ${problem}`);
      return;
    }
    const attributes = ct.children.filter((c) => c.name === "xs:attribute");
    const sequence = ct.children.find((c) => c.name === "xs:sequence");
    for (const c of ct.children) if (c.name !== "xs:attribute" && c.name !== "xs:sequence") throw new Error(`Unsupported ${c.name} in ${type}`);
    for (const a of attributes) {
      const value = node.attrs[a.attrs.name!];
      if (value === undefined) {
        if (a.attrs.use === "required") problems.push(`${where}: attribute ${a.attrs.name} is required`);
      } else {
        const problem = typeCheck(a.attrs.type!)(value);
        if (problem) problems.push(`${where}@${a.attrs.name}: ${problem}`);
      }
    }
    for (const name of Object.keys(node.attrs)) {
      if (!name.startsWith("xmlns") && !attributes.some((a) => a.attrs.name === name)) problems.push(`${where}: attribute ${name} is not allowed`);
    }
    if (node.text.trim()) problems.push(`${where}: text is not allowed here`);
    // xs:sequence: children in the declared order, each within its occurrence bounds.
    const decls = sequence?.children.filter((c) => c.name === "xs:element") ?? [];
    let i = 0;
    for (const decl of decls) {
      const max = decl.attrs.maxOccurs === "unbounded" ? Infinity : Number(decl.attrs.maxOccurs ?? 1);
      const min = Number(decl.attrs.minOccurs ?? 1);
      let count = 0;
      while (i < node.children.length && node.children[i]!.name === decl.attrs.name) {
        checkElement(node.children[i]!, decl.attrs.type!, `${where}/${decl.attrs.name}[${count + 1}]`);
        i++;
        count++;
      }
      if (count < min) problems.push(`${where}: ${decl.attrs.name} must appear at least ${min} time(s)`);
      if (count > max) problems.push(`${where}: ${decl.attrs.name} may appear at most ${max} time(s)`);
    }
    if (i < node.children.length) problems.push(`${where}: <${node.children[i]!.name}> is not allowed here (unknown, repeated or out of the schema's order)`);
  };

  const doc = parseXml(xmlText);
  const rootDecl = schema.children.find((c) => c.name === "xs:element" && c.attrs.name === doc.name);
  if (!rootDecl) return [`<${doc.name}> is not a root element of this schema`];
  checkElement(doc, rootDecl.attrs.type!, doc.name);
  return problems;
}
