import { ageOn, normaliseEmail, normalisePhone, normalisePostcode, odsCodeInEngland, postcodeInEngland } from './normalise';

describe('profile helpers', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    [' m1  1ae ', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['12345', null],
    ['SW1A', null],
  ])('normalises the postcode %s', (raw, expected) => expect(normalisePostcode(raw)).toBe(expected));

  it.each([
    ['07700 900123', '07700900123'],
    [' 07700  900 123 ', '07700900123'],
    ['+44 7700 900123', '07700900123'],
    ['+44 (0)7700 900-123', '07700900123'],
    ['0044 113 496 0000', '01134960000'],
    ['020 7946 0000', '02079460000'],
    ['01632 960001', '01632960001'],
    ['0113 496 000', '0113496000'],
    ['07700 9001', null],
    ['077009001234', null],
    ['00 7700 900123', null],
    ['+1 212 555 0100', null],
    ['phone me', null],
    ['', null],
  ])('normalises the phone number %j', (raw, expected) => expect(normalisePhone(raw)).toBe(expected));

  it('tells England from elsewhere by postcode area', () => {
    expect(postcodeInEngland('LS1 4AP')).toBe(true);
    expect(postcodeInEngland('G1 1XQ')).toBe(false);
    expect(postcodeInEngland('GL1 2EH')).toBe(true);
    expect(postcodeInEngland('CF10 1AA')).toBe(false);
    expect(postcodeInEngland('BT1 5GS')).toBe(false);
  });

  it('recognises English practice codes', () => {
    expect(odsCodeInEngland('A81001')).toBe(true);
    expect(odsCodeInEngland('W91001')).toBe(false);
    expect(odsCodeInEngland(null)).toBe(false);
  });

  it('normalises emails for duplicate detection', () => {
    expect(normaliseEmail(' Jo.Bloggs+pmdp@GoogleMail.com')).toBe('jobloggs@gmail.com');
    expect(normaliseEmail('jo.bloggs+x@nhs.net')).toBe('jo.bloggs@nhs.net');
  });

  it('counts whole years of age', () => {
    expect(ageOn('2010-06-15', new Date('2026-06-14T12:00:00Z'))).toBe(15);
    expect(ageOn('2010-06-15', new Date('2026-06-15T12:00:00Z'))).toBe(16);
  });
});
