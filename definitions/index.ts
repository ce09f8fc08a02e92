// The ISAF definitions shipped with SA Studio, bundled by static JSON imports so the server's seeder
// (and tests) get them without touching the file system at run time. Add a line here for every new
// `forms/<key>/v<N>.json`; published versions are never edited in place.
import cscCommuneV1 from './forms/csc-commune/v1.json' with { type: 'json' };
import cscCommuneV2 from './forms/csc-commune/v2.json' with { type: 'json' };
import cscHealthCentreV1 from './forms/csc-health-centre/v1.json' with { type: 'json' };
import cscHealthCentreV2 from './forms/csc-health-centre/v2.json' with { type: 'json' };
import cscPrimarySchoolV1 from './forms/csc-primary-school/v1.json' with { type: 'json' };
import cscPrimarySchoolV2 from './forms/csc-primary-school/v2.json' with { type: 'json' };
import i4cSessionV1 from './forms/i4c-session/v1.json' with { type: 'json' };
import jaapMonitoringV1 from './forms/jaap-monitoring/v1.json' with { type: 'json' };
import jaapV1 from './forms/jaap/v1.json' with { type: 'json' };
import ssaCommuneV1 from './forms/ssa-commune/v1.json' with { type: 'json' };
import ssaCommuneV2 from './forms/ssa-commune/v2.json' with { type: 'json' };
import ssaHealthCentreV1 from './forms/ssa-health-centre/v1.json' with { type: 'json' };
import ssaPrimarySchoolV1 from './forms/ssa-primary-school/v1.json' with { type: 'json' };
import ssaPrimarySchoolV2 from './forms/ssa-primary-school/v2.json' with { type: 'json' };
import trainingAttendanceV1 from './forms/training-attendance/v1.json' with { type: 'json' };

export interface ShippedDefinition {
  key: string;
  version: number;
  kind: 'form';
  schema: object;
}

/** Every shipped definition, sorted by key then version. */
export const shippedDefinitions: ShippedDefinition[] = [
  { key: 'csc-commune', version: 1, kind: 'form', schema: cscCommuneV1 },
  // v2 counts the votes per face and calculates the score (median, rounded up); existing databases
  // get it at the next start unless the form was changed since.
  { key: 'csc-commune', version: 2, kind: 'form', schema: cscCommuneV2 },
  { key: 'csc-health-centre', version: 1, kind: 'form', schema: cscHealthCentreV1 },
  { key: 'csc-health-centre', version: 2, kind: 'form', schema: cscHealthCentreV2 },
  { key: 'csc-primary-school', version: 1, kind: 'form', schema: cscPrimarySchoolV1 },
  { key: 'csc-primary-school', version: 2, kind: 'form', schema: cscPrimarySchoolV2 },
  { key: 'i4c-session', version: 1, kind: 'form', schema: i4cSessionV1 },
  { key: 'jaap', version: 1, kind: 'form', schema: jaapV1 },
  { key: 'jaap-monitoring', version: 1, kind: 'form', schema: jaapMonitoringV1 },
  { key: 'ssa-commune', version: 1, kind: 'form', schema: ssaCommuneV1 },
  // v2: no more women, youth, … than the total (x-constraints, decision 291).
  { key: 'ssa-commune', version: 2, kind: 'form', schema: ssaCommuneV2 },
  { key: 'ssa-health-centre', version: 1, kind: 'form', schema: ssaHealthCentreV1 },
  { key: 'ssa-primary-school', version: 1, kind: 'form', schema: ssaPrimarySchoolV1 },
  { key: 'ssa-primary-school', version: 2, kind: 'form', schema: ssaPrimarySchoolV2 },
  { key: 'training-attendance', version: 1, kind: 'form', schema: trainingAttendanceV1 },
];
