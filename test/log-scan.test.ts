// The log scan of the e2e global teardown: planted lines of each kind are caught (so the scan of
// the whole run's logs could fail), and the host's ordinary request lines are not.

import { describe, expect, test } from 'vitest';
import { DEMO_PERSON_NAMES, leakMessage, mpxnNearName, scanLogText } from './helpers/log-scan.js';

// What ordinary lines of `ltds serve` look like (pino: time in ms since 1970 has 13 digits).
const CLEAN = [
  '{"level":30,"time":1764950000123,"pid":123456,"hostname":"ci","reqId":"tid_0123456789abcdef01234567","method":"GET","url":"/dar/v1/meter-points/1312345678907/access-records","route":"/dar/v1/meter-points/:mpxn/access-records","status":200,"ms":3,"account":"acc_1234567890abcdef12345678","msg":"request"}',
  '{"level":30,"time":1764950000456,"pid":1234567,"hostname":"ci","webhook":{"job":"job_1234567890abcdef12345678","event":"evt_0123456789abcdef01234567","endpoint":"usr_5e1f0000000000000000000000000001/ZLNT","attempt":1,"outcome":"delivered","status":200,"ms":1234567},"msg":"webhook delivery"}',
  '{"level":30,"time":1764950000789,"pid":99,"event":"listening","url":"http://127.0.0.1:1234567","msg":"listening"}',
].join('\n');

describe('the server-log scan', () => {
  test('ordinary request and delivery lines are clean (13-digit times, pids, ids, a meter point on its own)', () => {
    expect(scanLogText(CLEAN)).toBeUndefined();
  });

  test.each([
    ['an MPAN core beside a name field (JSON)', '{"time":1764950000123,"customer":{"name":"Pat Example","mpxn":"1312345678907"},"msg":"x"}', '1312…'],
    ['an MPRN beside a surname field', '{"time":1764950000123,"surname":"Example","meter":"9876543210"}', '9876…'],
    ['a 6-digit MPRN beside a full-name field', '{"full-name":"Pat Example","mprn":"123456"}', '1234…'],
    ['a verification that names the person, beside the meter point', '{"principal-verification":{"submitted":"P. Example, 22 Acacia Avenue"},"mpxn":"2312345678900"}', '2312…'],
    ['a key=value line', 'identity record customer_name=Pat mpan=1012345678903', '1012…'],
    ['a demo person name in free text', `${DEMO_PERSON_NAMES[0]} lives at meter point 1312345678907`, '1312…'],
    ['a demo person name in a URL', '{"url":"/x?who=Jo%20Bloggs","note":"Jo Bloggs","m":"1312345678907"}', '1312…'],
  ])('catches %s', (_what, line, sample) => {
    const leak = scanLogText(`${CLEAN}\n${line}\n`);
    expect(leak).toEqual({ kind: 'mpxn-with-name', line: 4, sample });
    expect(leakMessage('host.jsonl', leak!)).toBe(`a server log of the test run (host.jsonl, line 4) holds a meter point (MPAN/MPRN) next to a person's name: '${sample}…'`);
  });

  test.each([
    ['a name field with no meter point', '{"name":"Pat Example","status":200}'],
    ['a meter point with no name', '{"mpxn":"1312345678907"}'],
    ['a name far from the meter point', `{"name":"Pat Example",${'"pad":"x",'.repeat(40)}"mpxn":"1312345678907"}`],
    ['a 12- or 14-digit number beside a name (neither an MPAN core nor an MPRN)', '{"name":"Pat","a":"131234567890","b":"13123456789070"}'],
    ['digits inside an id or a decimal beside a name', '{"name":"Pat","id":"evt_1312345678907","p":"0.1312345678907"}'],
    ['the log\'s own numeric fields beside a name', '{"time":1764950000123,"pid":1234567,"ms":123456,"name":"worker"}'],
  ])('does not flag %s', (_what, line) => {
    expect(mpxnNearName(line)).toBeUndefined();
  });

  test('the other kinds are still caught, in order of the line', () => {
    expect(scanLogText('{"h":"Authorization: Bearer x"}')).toMatchObject({ kind: 'secret', line: 1 });
    expect(scanLogText(`ok\n{"url":"/dar/v1/access-records/ak_${'0a'.repeat(12)}"}`)).toEqual({ kind: 'dar', line: 2, sample: 'ak_0a0' });
    expect(scanLogText('{"to":"jo@example.com"}')).toMatchObject({ kind: 'dar' });
    expect(scanLogText('{"address":"YO1 7HH"}')).toMatchObject({ kind: 'dar' });
    expect(scanLogText(`{"h":"Bearer pst_${'ab'.repeat(24)}"}`)).toMatchObject({ kind: 'portal' });
    expect(scanLogText(`{"url":"/portal#link=${'Ab_-'.repeat(11)}"}`)).toMatchObject({ kind: 'portal' });
    expect(scanLogText(`{"url":"/portal?ceremony=${'x9'.repeat(22)}"}`)).toMatchObject({ kind: 'portal' });
    expect(scanLogText('{"url":"/portal/records","msg":"link sent"}')).toBeUndefined();
  });
});
