import type { XmlFields } from '../../crypto/xml-build.js';
import { type XmlElement, xmlChild, xmlChildren } from '../../crypto/xml-parse.js';

export type { XmlElement, XmlFields };
export { xmlChild, xmlChildren };

/** The fields every callback message starts with: who sent it to whom, and when (seconds). */
export interface EventEnvelope {
  /** CorpID (WeCom) or the account's original id `gh_…` (Official Account). */
  ToUserName: string;
  /** userid (WeCom), openid (Official Account), or `sys` for directory changes. */
  FromUserName: string;
  CreateTime: number;
}

/** The text of `name` under `el`, or undefined when either is missing. */
export const textOf = (el: XmlElement | undefined, name: string): string | undefined =>
  el ? xmlChild(el, name)?.text : undefined;

export const num = (value: string | undefined): number => Number(value ?? 0);

/** The `List` items under a wrapper element (subscription events carry one List per template). */
export const listsOf = (xml: XmlElement, wrapper: string): XmlElement[] => {
  const outer = xmlChild(xml, wrapper);
  return outer ? xmlChildren(outer, 'List') : [];
};
