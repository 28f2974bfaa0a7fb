// The callback XML reader as it was before the tree parser (commit fd1b872), kept only so the bench can
// print before/after figures.
import { WxCryptoError } from '@wxkit/core';

const FIELD = /<([A-Za-z_][\w.-]*)>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/\1>/g;

/**
 * Reads the flat XML the platforms send (`<xml><Field><![CDATA[v]]></Field>…</xml>`) into a record.
 * It expands no entities but the five predefined ones and refuses DOCTYPE and processing of external entities.
 */
export function legacyParseXml(xml: string): Record<string, string> {
  if (typeof xml !== 'string' || !/^\s*(<\?xml[^>]*\?>\s*)?<xml>[\s\S]*<\/xml>\s*$/.test(xml)) {
    throw new WxCryptoError('Not the platform XML: expected a single <xml>…</xml> element', {
      errcode: -40002,
    });
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new WxCryptoError('XML with a DOCTYPE or ENTITY declaration is refused', { errcode: -40002 });
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
