import { WxCryptoError } from '../errors/errors.js';

const FIELD = /<([A-Za-z_][\w.-]*)>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/\1>/g;

/**
 * Reads the flat XML the platforms send (`<xml><Field><![CDATA[v]]></Field>…</xml>`) into a record.
 * It expands no entities but the five predefined ones and refuses DOCTYPE and processing of external entities.
 */
export function parseXml(xml: string): Record<string, string> {
  if (typeof xml !== 'string' || !/^\s*(<\?xml[^>]*\?>\s*)?<xml>[\s\S]*<\/xml>\s*$/.test(xml)) {
    throw new WxCryptoError(-40002, 'Not the platform XML: expected a single <xml>…</xml> element');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new WxCryptoError(-40002, 'XML with a DOCTYPE or ENTITY declaration is refused');
  }
  const inner = xml.slice(xml.indexOf('<xml>') + 5, xml.lastIndexOf('</xml>'));
  const fields: Record<string, string> = {};
  for (const match of inner.matchAll(FIELD)) {
    const [, name, cdata, text] = match;
    if (!name || name in fields) continue;
    fields[name] = cdata ?? decodeEntities(text ?? '');
  }
  return fields;
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Builds flat XML; strings go in CDATA (split where they contain `]]>`), numbers as text. */
export function buildXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][\w.-]*$/.test(name))
        throw new WxCryptoError(-40011, `Invalid XML element name "${name}"`);
      const content =
        typeof value === 'number'
          ? String(value)
          : `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
      return `<${name}>${content}</${name}>`;
    })
    .join('');
  return `<xml>${body}</xml>`;
}
