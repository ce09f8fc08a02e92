// The help pages shipped with SA Studio: the page help behind each "?" (converted from the in-code
// dictionaries), the role guides and the one-day training plan (converted from docs/guides), Khmer and
// English. Loaded at first start like the ISAF forms; trainers version them in the product from there.
// Add a line for every new `<key>/v<N>.json`; published versions are never edited.
import accountV1 from './account/v1.json' with { type: 'json' };
import accountV2 from './account/v2.json' with { type: 'json' };
import adminAuditV1 from './admin-audit/v1.json' with { type: 'json' };
import adminGeographyV1 from './admin-geography/v1.json' with { type: 'json' };
import adminUsersV1 from './admin-users/v1.json' with { type: 'json' };
import adminWebhooksV1 from './admin-webhooks/v1.json' with { type: 'json' };
import adminWebhooksV2 from './admin-webhooks/v2.json' with { type: 'json' };
import builderV1 from './builder/v1.json' with { type: 'json' };
import builderV2 from './builder/v2.json' with { type: 'json' };
import dashboardV1 from './dashboard/v1.json' with { type: 'json' };
import dataV1 from './data/v1.json' with { type: 'json' };
import dataV2 from './data/v2.json' with { type: 'json' };
import fillV1 from './fill/v1.json' with { type: 'json' };
import fillV2 from './fill/v2.json' with { type: 'json' };
import guideAdminV1 from './guide-admin/v1.json' with { type: 'json' };
import guideAdminV2 from './guide-admin/v2.json' with { type: 'json' };
import guideFacilitatorV1 from './guide-facilitator/v1.json' with { type: 'json' };
import guideFacilitatorV2 from './guide-facilitator/v2.json' with { type: 'json' };
import guideMeOfficerV1 from './guide-me-officer/v1.json' with { type: 'json' };
import guideMeOfficerV2 from './guide-me-officer/v2.json' with { type: 'json' };
import guideMeOfficerV3 from './guide-me-officer/v3.json' with { type: 'json' };
import guideMeOfficerV4 from './guide-me-officer/v4.json' with { type: 'json' };
import guideProvincialOfficerV1 from './guide-provincial-officer/v1.json' with { type: 'json' };
import guideProvincialOfficerV2 from './guide-provincial-officer/v2.json' with { type: 'json' };
import guideProvincialOfficerV3 from './guide-provincial-officer/v3.json' with { type: 'json' };
import guideReviewerAndViewerV1 from './guide-reviewer-and-viewer/v1.json' with { type: 'json' };
import guideReviewerAndViewerV2 from './guide-reviewer-and-viewer/v2.json' with { type: 'json' };
import guideTrainerV1 from './guide-trainer/v1.json' with { type: 'json' };
import guideTrainerV2 from './guide-trainer/v2.json' with { type: 'json' };
import homeV1 from './home/v1.json' with { type: 'json' };
import indicatorsV1 from './indicators/v1.json' with { type: 'json' };
import loginV1 from './login/v1.json' with { type: 'json' };
import reportsV1 from './reports/v1.json' with { type: 'json' };

export interface ShippedHelp {
  key: string;
  version: number;
  kind: 'help';
  schema: object;
}

/** Every shipped help page, sorted by key then version. */
export const shippedHelp: ShippedHelp[] = [
  { key: 'account', version: 1, kind: 'help', schema: accountV1 },
  { key: 'account', version: 2, kind: 'help', schema: accountV2 },
  { key: 'admin-audit', version: 1, kind: 'help', schema: adminAuditV1 },
  { key: 'admin-geography', version: 1, kind: 'help', schema: adminGeographyV1 },
  { key: 'admin-users', version: 1, kind: 'help', schema: adminUsersV1 },
  { key: 'admin-webhooks', version: 1, kind: 'help', schema: adminWebhooksV1 },
  { key: 'admin-webhooks', version: 2, kind: 'help', schema: adminWebhooksV2 },
  { key: 'builder', version: 1, kind: 'help', schema: builderV1 },
  { key: 'builder', version: 2, kind: 'help', schema: builderV2 },
  { key: 'dashboard', version: 1, kind: 'help', schema: dashboardV1 },
  { key: 'data', version: 1, kind: 'help', schema: dataV1 },
  { key: 'data', version: 2, kind: 'help', schema: dataV2 },
  { key: 'fill', version: 1, kind: 'help', schema: fillV1 },
  { key: 'fill', version: 2, kind: 'help', schema: fillV2 },
  { key: 'guide-admin', version: 1, kind: 'help', schema: guideAdminV1 },
  { key: 'guide-admin', version: 2, kind: 'help', schema: guideAdminV2 },
  { key: 'guide-facilitator', version: 1, kind: 'help', schema: guideFacilitatorV1 },
  { key: 'guide-facilitator', version: 2, kind: 'help', schema: guideFacilitatorV2 },
  { key: 'guide-me-officer', version: 1, kind: 'help', schema: guideMeOfficerV1 },
  { key: 'guide-me-officer', version: 2, kind: 'help', schema: guideMeOfficerV2 },
  { key: 'guide-me-officer', version: 3, kind: 'help', schema: guideMeOfficerV3 },
  { key: 'guide-me-officer', version: 4, kind: 'help', schema: guideMeOfficerV4 },
  { key: 'guide-provincial-officer', version: 1, kind: 'help', schema: guideProvincialOfficerV1 },
  { key: 'guide-provincial-officer', version: 2, kind: 'help', schema: guideProvincialOfficerV2 },
  { key: 'guide-provincial-officer', version: 3, kind: 'help', schema: guideProvincialOfficerV3 },
  { key: 'guide-reviewer-and-viewer', version: 1, kind: 'help', schema: guideReviewerAndViewerV1 },
  { key: 'guide-reviewer-and-viewer', version: 2, kind: 'help', schema: guideReviewerAndViewerV2 },
  { key: 'guide-trainer', version: 1, kind: 'help', schema: guideTrainerV1 },
  { key: 'guide-trainer', version: 2, kind: 'help', schema: guideTrainerV2 },
  { key: 'home', version: 1, kind: 'help', schema: homeV1 },
  { key: 'indicators', version: 1, kind: 'help', schema: indicatorsV1 },
  { key: 'login', version: 1, kind: 'help', schema: loginV1 },
  { key: 'reports', version: 1, kind: 'help', schema: reportsV1 },
];
