import { json } from './support/http';
import { startTestApp, type TestApp } from './support/app';

/**
 * The staff console and providers' integrators generate clients from the
 * OpenAPI document: the review and forecast routes describe their bodies as
 * schemas, not a sentence (issue 14).
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp();
    doc = await json(await fetch(`${t.url}/api/docs-json`));
  });
  afterAll(() => t.close());

  const schemaOf = (path: string, method: string) => doc.paths[path][method].responses['200'].content['application/json'].schema;
  const refName = (schema: { $ref?: string; items?: { $ref?: string } }) => (schema.$ref ?? schema.items?.$ref)?.split('/').pop();
  const properties = (name: string) => Object.keys(doc.components.schemas[name].properties).sort();

  it.each([
    ['/api/v1/admin/applications', 'get', 'QueuePageDto', ['items', 'total']],
    ['/api/v1/admin/applications/{id}', 'get', 'ApplicationDetailDto', ['appeals', 'eligibility', 'facts', 'history', 'reference', 'status']],
    ['/api/v1/admin/appeals', 'get', 'OpenAppealDto', ['applicationId', 'previousStatus', 'statement']],
    ['/api/v1/admin/rounds/{id}/what-if', 'post', 'WhatIfReportDto', ['byOutcome', 'byRule', 'changed', 'changes', 'total']],
    ['/api/v1/admin/budget/forecast', 'get', 'ForecastDto', ['money', 'months', 'qualified', 'spend', 'stages']],
    ['/api/v1/admin/workforce/gap', 'get', 'GapDto', ['auditYear', 'cells', 'minCellPeople']],
    ['/api/v1/admin/workforce/coverage', 'get', 'CoverageDto', ['rows', 'upload']],
  ])('%s %s answers a %s', (path, method, name, some) => {
    expect(refName(schemaOf(path, method))).toBe(name);
    expect(properties(name)).toEqual(expect.arrayContaining(some));
  });

  it('a rule result, a history entry and a forecast month are schemas too', () => {
    expect(properties('RuleResultDto')).toEqual(['error', 'onFail', 'passed', 'ruleId', 'sentence']);
    expect(properties('HistoryEntryDto')).toEqual(['at', 'by', 'from', 'note', 'reason', 'status']);
    expect(properties('ForecastMonthDto')).toEqual(expect.arrayContaining(['availablePence', 'month', 'spendPence']));
  });
});
