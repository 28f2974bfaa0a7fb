export { buildXml, serializeXml, type XmlFields, type XmlValue } from './xml-build.js';
export {
  flatFields,
  parseXml,
  parseXmlTree,
  type XmlElement,
  type XmlLimits,
  xmlChild,
  xmlChildren,
} from './xml-parse.js';
