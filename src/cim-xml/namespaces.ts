// Well-known namespaces of CIM XML and the prefixes the writer gives them.
// Version differences (CIM16 vs CIM100) are data here, not code branches.

export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema#';
export const MD_NS = 'http://iec.ch/TC57/61970-552/ModelDescription/1#';
export const DM_NS = 'http://iec.ch/TC57/61970-552/DifferenceModel/1#';
export const CIM16_NS = 'http://iec.ch/TC57/2013/CIM-schema-cim16#';
export const CIM100_NS = 'http://iec.ch/TC57/CIM100#';
export const EU_NS = 'http://iec.ch/TC57/CIM100-European#';
export const ENTSOE_NS = 'http://entsoe.eu/CIM/SchemaExtension/3/1#';
export const GB_NS = 'http://ofgem.gov.uk/ns/CIM/LTDS/Extensions#';
export const DCAT_NS = 'http://www.w3.org/ns/dcat#';
export const DCTERMS_NS = 'http://purl.org/dc/terms/';
export const PROV_NS = 'http://www.w3.org/ns/prov#';
/** Vocabulary and shape namespaces (the profiles' RDFS and SHACL files). */
export const RDFS_NS = 'http://www.w3.org/2000/01/rdf-schema#';
export const CIMS_NS = 'http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#';
export const SH_NS = 'http://www.w3.org/ns/shacl#';

/** Namespace IRI → the prefix the writer uses when the caller gives none. */
export const STANDARD_PREFIXES: ReadonlyMap<string, string> = new Map([
  [RDF_NS, 'rdf'],
  [CIM100_NS, 'cim'],
  [CIM16_NS, 'cim'],
  [MD_NS, 'md'],
  [DM_NS, 'dm'],
  [EU_NS, 'eu'],
  [ENTSOE_NS, 'entsoe'],
  [GB_NS, 'gb'],
  [DCAT_NS, 'dcat'],
  [DCTERMS_NS, 'dcterms'],
  [PROV_NS, 'prov'],
  [XSD_NS, 'xsd'],
]);
