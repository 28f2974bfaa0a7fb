import { WxCryptoError } from '../errors/errors.js';
import { XML_NAME, type XmlElement } from './xml-parse.js';

/** A value to write: text, a number, nested fields, or a list written as repeated elements of one name. */
export type XmlValue = string | number | XmlFields | readonly (string | number | XmlFields)[];
export interface XmlFields {
  readonly [name: string]: XmlValue;
}

const VALID_NAME = new RegExp(`^${XML_NAME}$`);

const assertName = (name: string) => {
  if (!VALID_NAME.test(name))
    throw new WxCryptoError(`Invalid XML element name "${name}"`, { errcode: -40011 });
  return name;
};

/** Strings go in CDATA, split where they hold `]]>` (`]]]]><![CDATA[>`), so any text comes back unchanged. */
const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function element(name: string, value: string | number | XmlFields): string {
  assertName(name);
  if (typeof value === 'number') return `<${name}>${String(value)}</${name}>`;
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  return `<${name}>${fieldsBody(value)}</${name}>`;
}

function fieldsBody(fields: XmlFields): string {
  let body = '';
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) body += element(name, item);
    else body += element(name, value as string | number | XmlFields);
  }
  return body;
}

/**
 * Builds platform XML: `{ SendPicsInfo: { Count: 1, PicList: { item: [{ PicMd5Sum: 'a' }] } } }` →
 * `<xml><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item>…`.
 */
export function buildXml(fields: XmlFields): string {
  return `<xml>${fieldsBody(fields)}</xml>`;
}

/** Writes a tree as parsed by `parseXmlTree` back out (text in CDATA, then the children). */
export function serializeXml(tree: XmlElement): string {
  const name = assertName(tree.name);
  let body = tree.text === '' ? '' : cdata(tree.text);
  for (const child of tree.children) body += serializeXml(child);
  return `<${name}>${body}</${name}>`;
}
