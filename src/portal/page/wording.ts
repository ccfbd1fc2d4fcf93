// What the portal says about a record, in plain English: each legal basis explained in one
// sentence, each data type and each state in a few words. The page script receives this table as
// JSON (src/portal/script.ts), so the words live in one place and tests can read them.

/** One sentence per UK GDPR legal basis (Article 6(1), and Article 9(2)(a) for explicit consent). */
export const LEGAL_BASIS: Readonly<Record<string, { name: string; sentence: string; consent: boolean }>> = {
  'uk-consent': {
    name: 'Your consent',
    sentence: 'You agreed to this, and you can withdraw your agreement at any time; they must then stop.',
    consent: true,
  },
  'uk-explicit-consent': {
    name: 'Your explicit consent',
    sentence: 'You gave your explicit, written agreement to this, and you can withdraw it at any time; they must then stop.',
    consent: true,
  },
  'uk-legitimate-interests': {
    name: 'Legitimate interests',
    sentence: 'They judged they have a genuine reason to use your data that does not override your interests; you can object to them, but there is no consent to withdraw here.',
    consent: false,
  },
  'uk-public-task': {
    name: 'Public task',
    sentence: 'They need it to carry out a task in the public interest that the law gives them; you can object to them, but there is no consent to withdraw here.',
    consent: false,
  },
  'uk-legal-obligation': {
    name: 'Legal obligation',
    sentence: 'A law requires them to use it, so it does not depend on your agreement.',
    consent: false,
  },
  'uk-contract': {
    name: 'A contract with you',
    sentence: 'They need it to provide a contract you have with them (for example your tariff), so it lasts as long as that contract.',
    consent: false,
  },
};

/** What each data type means to a person. */
export const DATA_TYPES: Readonly<Record<string, string>> = {
  'HH-CONSUMPTION': 'electricity you use, every half hour',
  'HH-EXPORT': 'electricity you send to the grid, every half hour',
  'MTH-CONSUMPTION': 'electricity you use, month by month',
  'MTH-EXPORT': 'electricity you send to the grid, month by month',
  'ANNUAL-CONSUMPTION': 'electricity you use in a year',
  'ANNUAL-EXPORT': 'electricity you send to the grid in a year',
  'TARIFF-IMPORT': 'the tariff you pay for electricity',
  'TARIFF-EXPORT': 'the tariff you are paid for electricity you export',
};

/** Each state as a heading of its group of records, and a one-line explanation. */
export const STATES: Readonly<Record<string, { heading: string; tag: string; explain: string }>> = {
  ACTIVE: { heading: 'Can see your data now', tag: 'Active', explain: 'This access is in force today.' },
  EXPIRED: { heading: 'Ended', tag: 'Expired', explain: 'This access reached its end date and has stopped.' },
  REVOKED: { heading: 'Withdrawn', tag: 'Withdrawn', explain: 'This access was withdrawn and has stopped.' },
  DISCOVERED: {
    heading: 'Seen reading your meter, not registered',
    tag: 'Discovered',
    explain: 'The national smart-meter network (the DCC) saw this organisation read your meter, but it has not registered why. You can ask them.',
  },
};

/** The order the groups appear in. */
export const STATE_ORDER = ['ACTIVE', 'DISCOVERED', 'EXPIRED', 'REVOKED'] as const;

/** Everything the page script needs, as one JSON-able object. */
export const WORDING = { legalBasis: LEGAL_BASIS, dataTypes: DATA_TYPES, states: STATES, stateOrder: STATE_ORDER };
