// The invented demo data `npm start` loads on an empty database and `npm run cli -- demo-data` loads on demand:
// a lib, so the API and the CLI share it without importing each other.
export { DEMO_USERS, demoDataLoaded, describeDemoSignIns, loadDemoData } from './demo-data';
export type { DemoSignIn } from './demo-data';
export { demoIcbs, demoPractices, insertDemoPractices } from './demo-practices';
export type { DemoPractice } from './demo-practices';
export { DEMO_PROGRAMME_SEED, loadDemoProgramme } from './demo-programme';
export type { DemoProgrammeSummary } from './demo-programme';
export { STORIES as DEMO_STORIES } from './demo-stories';
