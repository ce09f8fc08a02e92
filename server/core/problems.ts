// The registry of problems: every error a client can see has a stable code, an HTTP status and a
// message in Khmer and English. Anything not in this registry is reported as INTERNAL, without detail.
export interface LocalizedMessage {
  en: string;
  km: string;
}

export const problemCatalog = {
  BAD_INPUT: { status: 400, en: 'The request is not valid.', km: 'សំណើមិនត្រឹមត្រូវ។' },
  BAD_REQUEST: { status: 400, en: 'The request is not valid HTTP.', km: 'សំណើមិនមែនជា HTTP ត្រឹមត្រូវទេ។' },
  BAD_URL: { status: 400, en: 'The address (URL) is not valid.', km: 'អាសយដ្ឋាន (URL) មិនត្រឹមត្រូវ។' },
  GRAPHQL_VALIDATION: { status: 400, en: 'The GraphQL query does not match the schema.', km: 'សំណួរ GraphQL មិនត្រូវនឹងគ្រោងការណ៍ (schema) ទេ។' },
  QUERY_TOO_COSTLY: { status: 400, en: 'The query asks for too much at once.', km: 'សំណួរនេះសុំទិន្នន័យច្រើនពេកក្នុងពេលតែមួយ។' },
  RESPONSE_TOO_LARGE: { status: 400, en: 'The answer would be too large. Ask for less or page through the results.', km: 'ចម្លើយនឹងធំពេក។ សូមសុំតិចជាងនេះ ឬបើកមើលជាទំព័រៗ។' },
  UNAUTHENTICATED: { status: 401, en: 'Please sign in.', km: 'សូមចូលប្រើប្រាស់។' },
  INVALID_CREDENTIALS: { status: 401, en: 'Wrong username or password.', km: 'ឈ្មោះអ្នកប្រើ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ។' },
  FORBIDDEN: { status: 403, en: 'You are not allowed to do this.', km: 'អ្នកមិនមានសិទ្ធិធ្វើការនេះទេ។' },
  // A form-limited API token (issue 14.4) writing a record of another form.
  TOKEN_FORM_NOT_ALLOWED: { status: 403, en: 'This API token is limited to other forms.', km: 'និមិត្តសញ្ញា API នេះត្រូវបានកំណត់សម្រាប់តែទម្រង់ផ្សេងទៀត។' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, en: 'Please choose a new password first.', km: 'សូមជ្រើសរើសពាក្យសម្ងាត់ថ្មីជាមុនសិន។' },
  PASSWORD_TOO_WEAK: { status: 422, en: 'Choose a stronger password.', km: 'សូមជ្រើសរើសពាក្យសម្ងាត់ដែលពិបាកទាយជាងនេះ។' },
  ODATA_BAD_OPTION: { status: 400, en: 'An OData query option is not valid.', km: 'ជម្រើសសំណួរ OData មិនត្រឹមត្រូវ។' },
  ODATA_BAD_FILTER: { status: 400, en: 'The OData $filter is not valid.', km: 'តម្រង $filter របស់ OData មិនត្រឹមត្រូវ។' },
  ODATA_NOT_IMPLEMENTED: { status: 501, en: 'This OData feature is not offered.', km: 'មុខងារ OData នេះមិនត្រូវបានផ្តល់ជូនទេ។' },
  NOT_FOUND: { status: 404, en: 'Not found.', km: 'រកមិនឃើញ។' },
  // Form types downloads (/api/types/...): no such form version / only a draft of it.
  DEFINITION_NOT_FOUND: { status: 404, en: 'There is no such form version.', km: 'គ្មានកំណែទម្រង់នេះទេ។' },
  DEFINITION_NOT_PUBLISHED: { status: 404, en: 'This form version is a draft: it is not published.', km: 'កំណែទម្រង់នេះជាសេចក្តីព្រាង៖ វាមិនទាន់បានផ្សព្វផ្សាយទេ។' },
  METHOD_NOT_ALLOWED: { status: 405, en: 'This address does not accept this method.', km: 'អាសយដ្ឋាននេះមិនទទួលវិធីសាស្ត្រ (method) នេះទេ។' },
  REQUEST_TIMEOUT: { status: 408, en: 'The request took too long to arrive.', km: 'សំណើចំណាយពេលយូរពេកដើម្បីមកដល់។' },
  CONFLICT: { status: 409, en: 'This conflicts with what is already stored.', km: 'ទិន្នន័យនេះផ្ទុយនឹងទិន្នន័យដែលមានរួចហើយ។' },
  // Review (issue 12): an approved record takes no edits until an unlock is granted; a review move the rules do not allow.
  LOCKED: { status: 423, en: 'This record is approved and locked. Ask a reviewer to unlock it first.', km: 'កំណត់ត្រានេះត្រូវបានអនុម័ត និងចាក់សោ។ សូមស្នើអ្នកពិនិត្យឱ្យដោះសោវាជាមុនសិន។' },
  INVALID_TRANSITION: { status: 409, en: 'This record cannot move to that review state from its current one.', km: 'កំណត់ត្រានេះមិនអាចប្តូរទៅស្ថានភាពពិនិត្យនោះពីស្ថានភាពបច្ចុប្បន្នបានទេ។' },
  // Submitting: a client resends under a new id, or stops offering a retired form.
  SUBMISSION_ID_TAKEN: { status: 409, en: 'A different submission with this id already exists.', km: 'មានការបញ្ជូនផ្សេងដែលមាន id នេះរួចហើយ។' },
  FORM_RETIRED: { status: 409, en: 'This form version is retired and takes no new submissions.', km: 'កំណែទម្រង់នេះត្រូវបានឈប់ប្រើ ហើយមិនទទួលការបញ្ជូនថ្មីទេ។' },
  IMPORT_RUNNING: { status: 409, en: 'An import of this kind is already running. Wait for it to finish, then try again.', km: 'ការនាំចូលប្រភេទនេះកំពុងដំណើរការរួចហើយ។ សូមរង់ចាំឱ្យវាបញ្ចប់ រួចព្យាយាមម្តងទៀត។' },
  // A background submission import that did not finish (issue 14.3): its instance died, or was stopped.
  IMPORT_LOST: { status: 500, en: 'The server running this import stopped before it finished. The rows stored so far are kept: import the file again to finish (rows already stored are not stored twice).', km: 'ម៉ាស៊ីនមេដែលកំពុងនាំចូលនេះបានឈប់មុនពេលបញ្ចប់។ ជួរដែលបានរក្សាទុករួចនៅតែមាន៖ សូមនាំចូលឯកសារម្ដងទៀតដើម្បីបញ្ចប់ (ជួរដែលបានរក្សាទុករួចនឹងមិនត្រូវរក្សាទុកពីរដងទេ)។' },
  IMPORT_STOPPED: { status: 503, en: 'The server was stopped during this import. The rows stored so far are kept: import the file again to finish (rows already stored are not stored twice).', km: 'ម៉ាស៊ីនមេត្រូវបានបញ្ឈប់ក្នុងពេលនាំចូលនេះ។ ជួរដែលបានរក្សាទុករួចនៅតែមាន៖ សូមនាំចូលឯកសារម្ដងទៀតដើម្បីបញ្ចប់ (ជួរដែលបានរក្សាទុករួចនឹងមិនត្រូវរក្សាទុកពីរដងទេ)។' },
  // Exports as background jobs (issue 14): the instance making the file died, or was stopped; the file is not there (yet, any more); too many at once; the starter's access changed.
  EXPORT_LOST: { status: 500, en: 'The server making this export stopped before it finished. Start the export again.', km: 'ម៉ាស៊ីនមេដែលកំពុងរៀបចំការនាំចេញនេះបានឈប់មុនពេលបញ្ចប់។ សូមចាប់ផ្តើមការនាំចេញម្តងទៀត។' },
  EXPORT_STOPPED: { status: 503, en: 'The server was stopped while making this export. Start the export again.', km: 'ម៉ាស៊ីនមេត្រូវបានបញ្ឈប់ក្នុងពេលកំពុងរៀបចំការនាំចេញនេះ។ សូមចាប់ផ្តើមការនាំចេញម្តងទៀត។' },
  EXPORT_NOT_READY: { status: 409, en: 'This export has no file: it is still being made, or it failed.', km: 'ការនាំចេញនេះមិនទាន់មានឯកសារទេ៖ វាកំពុងត្រូវបានរៀបចំ ឬវាបានបរាជ័យ។' },
  EXPORT_EXPIRED: { status: 410, en: 'This export\'s file was kept for a while and has been removed. Start the export again.', km: 'ឯកសារនៃការនាំចេញនេះត្រូវបានរក្សាទុករយៈពេលមួយ ហើយត្រូវបានលុបចោលហើយ។ សូមចាប់ផ្តើមការនាំចេញម្តងទៀត។' },
  EXPORT_BUSY: { status: 429, en: 'You already have several exports being made. Wait for one of them to finish, then try again.', km: 'អ្នកមានការនាំចេញជាច្រើនកំពុងត្រូវបានរៀបចំរួចហើយ។ សូមរង់ចាំឱ្យមួយក្នុងចំណោមនោះបញ្ចប់ រួចព្យាយាមម្តងទៀត។' },
  EXPORT_AREA_CHANGED: { status: 403, en: 'Your access changed since this export was made. Start the export again to get the records you may read now.', km: 'សិទ្ធិចូលប្រើរបស់អ្នកបានផ្លាស់ប្តូរតាំងពីការនាំចេញនេះត្រូវបានរៀបចំ។ សូមចាប់ផ្តើមការនាំចេញម្តងទៀត ដើម្បីទទួលបានកំណត់ត្រាដែលអ្នកអាចអានបានឥឡូវនេះ។' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request is too large.', km: 'សំណើធំពេក។' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, en: 'Send JSON (content-type: application/json).', km: 'សូមផ្ញើជា JSON (content-type: application/json)។' },
  IMPORT_INVALID: { status: 422, en: 'Some rows of the file are not valid; nothing was imported.', km: 'ជួរខ្លះក្នុងឯកសារមិនត្រឹមត្រូវ ដូច្នេះគ្មានអ្វីត្រូវបាននាំចូលទេ។' },
  WEBHOOK_URL_FORBIDDEN: { status: 422, en: 'Webhooks may not send to this address: use an https address on the internet.', km: 'Webhook មិនអាចផ្ញើទៅអាសយដ្ឋាននេះបានទេ៖ សូមប្រើអាសយដ្ឋាន https នៅលើអ៊ីនធឺណិត។' },
  WEBHOOK_URL_UNRESOLVABLE: { status: 422, en: 'The webhook address\'s host name was not found.', km: 'រកមិនឃើញឈ្មោះម៉ាស៊ីននៃអាសយដ្ឋាន webhook ទេ។' },
  // Media answers (issue 15.4): uploads of photos, signatures and recordings.
  MEDIA_BAD_UPLOAD: { status: 400, en: 'This upload does not say which form and question its file answers, or says it wrongly.', km: 'ការផ្ទុកឡើងនេះមិនបានប្រាប់ថាឯកសាររបស់វាឆ្លើយទម្រង់ និងសំណួរណាទេ ឬប្រាប់មិនត្រឹមត្រូវ។' },
  MEDIA_TOO_LARGE: { status: 413, en: 'This file is too large.', km: 'ឯកសារនេះធំពេក។' },
  MEDIA_TYPE_REFUSED: { status: 415, en: 'This file is not a kind this question takes (read from its contents, not its name).', km: 'ឯកសារនេះមិនមែនជាប្រភេទដែលសំណួរនេះទទួលទេ (អានពីខ្លឹមសាររបស់វា មិនមែនពីឈ្មោះទេ)។' },
  MEDIA_ID_TAKEN: { status: 409, en: 'Another file was already uploaded with this id.', km: 'ឯកសារផ្សេងទៀតត្រូវបានផ្ទុកឡើងរួចហើយជាមួយ id នេះ។' },
  MEDIA_CHECKSUM_MISMATCH: { status: 460, en: 'The file that arrived differs from the one sent (its SHA-256 does not match). Send it again.', km: 'ឯកសារដែលបានមកដល់ខុសពីឯកសារដែលបានផ្ញើ (SHA-256 របស់វាមិនត្រូវគ្នាទេ)។ សូមផ្ញើវាម្តងទៀត។' },
  MEDIA_NOT_UPLOADED: { status: 422, en: 'A file this record names has not been uploaded (or not completely). Send the file first, then the record.', km: 'ឯកសារដែលកំណត់ត្រានេះដាក់ឈ្មោះមិនទាន់ត្រូវបានផ្ទុកឡើង (ឬមិនទាន់ពេញលេញ)។ សូមផ្ញើឯកសារជាមុនសិន បន្ទាប់មកកំណត់ត្រា។' },
  // Report templates (issue 15.6): handlebars that does not parse / that would run or print unescaped.
  REPORT_TEMPLATE_INVALID: { status: 422, en: 'The report template is not valid handlebars.', km: 'គំរូរបាយការណ៍មិនមែនជា handlebars ត្រឹមត្រូវទេ។' },
  REPORT_TEMPLATE_UNSAFE: { status: 422, en: 'The report template uses something reports do not allow (unescaped output, partials or an unknown helper).', km: 'គំរូរបាយការណ៍ប្រើអ្វីដែលរបាយការណ៍មិនអនុញ្ញាត (លទ្ធផលមិនបានការពារ partial ឬជំនួយការដែលមិនស្គាល់)។' },
  VALIDATION_FAILED: { status: 422, en: 'Some answers are not valid.', km: 'ចម្លើយខ្លះមិនត្រឹមត្រូវ។' },
  INVALID_DEFINITION: { status: 422, en: 'The definition is not valid.', km: 'និយមន័យទម្រង់មិនត្រឹមត្រូវ។' },
  INDICATOR_REFRESH_FAILED: { status: 500, en: 'This indicator could not be brought up to date: its values are from its last successful calculation.', km: 'មិនអាចធ្វើបច្ចុប្បន្នភាពសូចនាករនេះបានទេ៖ តម្លៃរបស់វាមកពីការគណនាជោគជ័យចុងក្រោយ។' },
  UNSAFE_DEFINITION: { status: 422, en: 'The definition contains executable content, which is not allowed.', km: 'និយមន័យមានកូដដែលអាចដំណើរការបាន ដែលមិនត្រូវបានអនុញ្ញាត។' },
  HEADERS_TOO_LARGE: { status: 431, en: 'The request headers are too large.', km: 'ក្បាលសំណើ (headers) ធំពេក។' },
  RATE_LIMITED: { status: 429, en: 'Too many attempts. Try again later.', km: 'ព្យាយាមច្រើនដងពេក។ សូមព្យាយាមម្តងទៀតពេលក្រោយ។' },
  INTERNAL: { status: 500, en: 'Something went wrong on the server.', km: 'មានបញ្ហានៅលើម៉ាស៊ីនមេ។' },
  UNAVAILABLE: { status: 503, en: 'The service is not ready.', km: 'សេវាមិនទាន់រួចរាល់។' },
} as const satisfies Record<string, { status: number } & LocalizedMessage>;

export type ProblemCode = keyof typeof problemCatalog;

export interface ProblemDetail {
  path: string;
  keyword?: string;
  message: LocalizedMessage;
  /** File imports: the sheet or file and the 1-based row (header = row 1) the detail is about. */
  file?: string;
  row?: number;
}

/** A failure meant for the client. Services throw these; the edges (routes, GraphQL) render them. */
export class Problem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: ProblemDetail[] | undefined;
  readonly localized: LocalizedMessage;
  /** Seconds, for RATE_LIMITED (sent as Retry-After). */
  readonly retryAfter: number | undefined;

  constructor(code: ProblemCode, detail?: { message?: LocalizedMessage; errors?: ProblemDetail[]; retryAfter?: number }) {
    const entry = problemCatalog[code];
    const localized = detail?.message ?? { en: entry.en, km: entry.km };
    super(localized.en);
    this.name = 'Problem';
    this.code = code;
    this.status = entry.status;
    this.localized = localized;
    this.errors = detail?.errors;
    this.retryAfter = detail?.retryAfter;
  }

  /** The JSON body sent to clients (REST) or the GraphQL `extensions`. */
  toJSON(): { code: ProblemCode; message: string; messageKm: string; errors?: ProblemDetail[] } {
    return { code: this.code, message: this.localized.en, messageKm: this.localized.km, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export function isProblem(error: unknown): error is Problem {
  return error instanceof Problem;
}
