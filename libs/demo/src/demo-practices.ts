import type { EntityManager } from 'typeorm';

/**
 * Invented GP practices with their networks (PCNs) and ICBs, so applicants' and the skills
 * audit's employer ODS codes map to an ICB and a region in the demo. Codes follow the ODS
 * pattern; every name ends "(example)". One file, so the demo epraccur practice file (and its
 * loader) can take its place: swap `insertDemoPractices` for that loader.
 */
export interface DemoPractice {
  odsCode: string;
  name: string;
  pcnCode: string;
  pcnName: string;
  icbCode: string;
  icbName: string;
  region: string;
  postcode: string;
}

/** Ten invented ICBs, Q9A to Q9J, with the region each sits in. */
export const DEMO_ICBS: { code: string; name: string; region: string; town: string; postcodeArea: string; practiceLetter: string }[] = [
  { code: 'Q9A', name: 'West Yorkshire ICB (example)', region: 'north_east_and_yorkshire', town: 'Leeds', postcodeArea: 'LS', practiceLetter: 'B' },
  { code: 'Q9B', name: 'North Yorkshire ICB (example)', region: 'north_east_and_yorkshire', town: 'Harrogate', postcodeArea: 'HG', practiceLetter: 'B' },
  { code: 'Q9C', name: 'Greater Manchester ICB (example)', region: 'north_west', town: 'Manchester', postcodeArea: 'M', practiceLetter: 'P' },
  { code: 'Q9D', name: 'Cheshire and Merseyside ICB (example)', region: 'north_west', town: 'Chester', postcodeArea: 'CH', practiceLetter: 'N' },
  { code: 'Q9E', name: 'Birmingham and Solihull ICB (example)', region: 'midlands', town: 'Birmingham', postcodeArea: 'B', practiceLetter: 'M' },
  { code: 'Q9F', name: 'Nottingham and Nottinghamshire ICB (example)', region: 'midlands', town: 'Nottingham', postcodeArea: 'NG', practiceLetter: 'C' },
  { code: 'Q9G', name: 'Norfolk and Waveney ICB (example)', region: 'east_of_england', town: 'Norwich', postcodeArea: 'NR', practiceLetter: 'D' },
  { code: 'Q9H', name: 'North Central London ICB (example)', region: 'london', town: 'Camden', postcodeArea: 'NW', practiceLetter: 'F' },
  { code: 'Q9I', name: 'Kent and Medway ICB (example)', region: 'south_east', town: 'Maidstone', postcodeArea: 'ME', practiceLetter: 'G' },
  { code: 'Q9J', name: 'Devon ICB (example)', region: 'south_west', town: 'Exeter', postcodeArea: 'EX', practiceLetter: 'L' },
];

/** The four practices the first demo had (the demo applicant and the reviewer's declared network use them), kept as they were. */
const FIRST_PRACTICES: DemoPractice[] = [
  { odsCode: 'B86001', name: 'Hyde Park Surgery (example)', pcnCode: 'U90001', pcnName: 'Leeds North West PCN (example)', icbCode: 'Q9A', icbName: 'West Yorkshire ICB (example)', region: 'north_east_and_yorkshire', postcode: 'LS6 2AB' },
  { odsCode: 'B86002', name: 'Meanwood Health Centre (example)', pcnCode: 'U90001', pcnName: 'Leeds North West PCN (example)', icbCode: 'Q9A', icbName: 'West Yorkshire ICB (example)', region: 'north_east_and_yorkshire', postcode: 'LS6 4QX' },
  { odsCode: 'B82005', name: 'Harrogate Road Practice (example)', pcnCode: 'U90002', pcnName: 'Harrogate Central PCN (example)', icbCode: 'Q9B', icbName: 'North Yorkshire ICB (example)', region: 'north_east_and_yorkshire', postcode: 'HG1 5AA' },
  { odsCode: 'P84001', name: 'Ancoats Medical Practice (example)', pcnCode: 'U90003', pcnName: 'Manchester Central PCN (example)', icbCode: 'Q9C', icbName: 'Greater Manchester ICB (example)', region: 'north_west', postcode: 'M4 6DE' },
];

const STREETS = ['Park Lane', 'Church Street', 'Station Road', 'Market Square', 'Mill Lane', 'High Street', 'Victoria Road', 'Orchard Way'];

/** Three practices in each ICB (about 30), two networks an ICB; the first four are the first demo's. */
export const DEMO_PRACTICES: DemoPractice[] = (() => {
  const out = [...FIRST_PRACTICES];
  DEMO_ICBS.forEach((icb, i) => {
    const have = out.filter((p) => p.icbCode === icb.code).length;
    for (let n = have; n < 3; n++) {
      const pcn = n < 2 ? 1 : 2;
      out.push({
        odsCode: `${icb.practiceLetter}9${String(i).padStart(2, '0')}${n + 1}${pcn}`.slice(0, 6),
        name: `${STREETS[(i + n) % STREETS.length]} Surgery, ${icb.town} (example)`,
        pcnCode: `U9${String(i + 1).padStart(2, '0')}${pcn}0`.slice(0, 6),
        pcnName: `${icb.town} ${pcn === 1 ? 'North' : 'South'} PCN (example)`,
        icbCode: icb.code,
        icbName: icb.name,
        region: icb.region,
        postcode: `${icb.postcodeArea}${1 + n} ${n + 2}AB`,
      });
    }
  });
  return out;
})();

/** Inserts the demo practices (ones already there are left alone); returns how many the list has. */
export async function insertDemoPractices(manager: Pick<EntityManager, 'query'>): Promise<number> {
  const col = <T>(f: (p: DemoPractice) => T) => DEMO_PRACTICES.map(f);
  await manager.query(
    `INSERT INTO practice (ods_code, name, pcn_code, pcn_name, icb_code, icb_name, region, postcode)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (ods_code) DO NOTHING`,
    [col((p) => p.odsCode), col((p) => p.name), col((p) => p.pcnCode), col((p) => p.pcnName), col((p) => p.icbCode), col((p) => p.icbName), col((p) => p.region), col((p) => p.postcode)],
  );
  return DEMO_PRACTICES.length;
}
