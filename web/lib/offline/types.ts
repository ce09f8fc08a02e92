// Shapes kept on the phone (IndexedDB, web/lib/offline/db.ts) for the offline field app. Shared by
// the store, the outbox and the field pages; import them, never redeclare.
import type { FieldError, LocalizedMessage, WithJson } from '$lib/api';
import type { MediaWidget } from '$engine/model/media-fields';
import type { SyncStatus, SyncSubmissionsMutation } from '$lib/api/generated/graphql';
import type { DefinitionFull, GeoUnit, Me, ServiceProvider, Submission } from '$lib/queries';

/** draft: being filled · queued: finished, waiting to be sent · sending: in a batch right now ·
 *  sent: the server acknowledged it (kept a while, then purged) · refused: the server said no. */
export type RecordState = 'draft' | 'queued' | 'sending' | 'sent' | 'refused';

/** Per-record answer of syncSubmissions (contract in docs/api.md). */
export type { SyncStatus };

export type SyncResult = WithJson<SyncSubmissionsMutation['syncSubmissions'][number], { errors: FieldError[] | null; submission: Submission | null }>;

export interface Refusal {
	status: Exclude<SyncStatus, 'STORED' | 'DUPLICATE'>;
	code: string;
	message: LocalizedMessage;
	errors: FieldError[];
}

/** A photo, signature or recording on the phone: waiting (or being sent) until the server has it. */
export interface LocalMedia {
	/** Client-made UUID: the answer's value, the tus upload's id and the server's media id. */
	id: string;
	definitionKey: string;
	definitionVersion: number;
	/** The question's path, repeat indexes written `[]` (`actions[].photo`). */
	field: string;
	kind: MediaWidget;
	blob: Blob;
	type: string;
	/** SHA-256 of the bytes (hex): the server checks the file it assembled against it. */
	sha256: string;
	/** pending: not (fully) on the server · stored: the server has it · refused: the server said no. */
	state: 'pending' | 'stored' | 'refused';
	/** The tus upload's address once created (a resend continues from the server's offset). */
	uploadUrl: string | null;
	refusal: LocalizedMessage | null;
	createdAt: string;
}

export interface LocalRecord {
	/** Client-made UUID (web/lib/ids.ts): the submission id on the server, so resends are safe. */
	id: string;
	definitionKey: string;
	/** The version the record was started on; it is finished and sent on that version. */
	definitionVersion: number;
	data: Record<string, unknown>;
	/** Started in training mode (the user's switch when the record was begun); absent on records
	 *  from before training mode existed, which are real. Sent with the record, so it stays what it was. */
	training?: boolean;
	state: RecordState;
	refusal: Refusal | null;
	/** After a CONFLICT the record is re-queued under a new id; the refused id is kept here. */
	replaces: string | null;
	createdAt: string;
	updatedAt: string;
	sentAt: string | null;
	/** The server's stored submission time, once sent. */
	serverCreatedAt: string | null;
}

export interface StoredDefinition {
	/** `key@version` */
	id: string;
	key: string;
	version: number;
	definition: DefinitionFull;
	fetchedAt: string;
}

export interface StoredGeo {
	/** Parent code; '' = the provinces. */
	parent: string;
	units: GeoUnit[];
	fetchedAt: string;
}

export interface StoredProviders {
	/** Provider kind; '' = every kind. */
	kind: string;
	providers: ServiceProvider[];
	fetchedAt: string;
}

export type OfflinePlace = Pick<GeoUnit, 'code' | 'nameKm' | 'nameEn'>;

/** What the facilitator chose to take offline (on /field). */
export interface OfflineChoice {
	/** Definition keys; their published version (and versions drafts use) are kept. */
	forms: string[];
	/** Communes (6-digit code) or whole districts (4 digits); the villages below are kept too. */
	places: OfflinePlace[];
	/** When the chosen forms and places were last downloaded. */
	updatedAt: string | null;
}

export interface MetaValues {
	lastSyncAt: string;
	me: Me;
	offline: OfflineChoice;
	/** Set once the localStorage drafts of web/lib/drafts.ts were moved into records. */
	draftsMigrated: boolean;
	/** navigator.storage.persist() answer: granted, refused, unsupported. */
	persist: 'granted' | 'refused' | 'unsupported';
}
export type MetaKey = keyof MetaValues;
