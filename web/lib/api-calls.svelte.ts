// The state an editor page keeps around its API calls: busy while one runs, the last message (saved /
// the server's refusal in the UI language) and the refusal's field errors, shown beside the field
// their path names. Editors of definitions (help pages, report templates) extend DefinitionDraft.
import { ApiError, gql, type FieldError } from '$lib/api';
import { SaveDefinitionDraftDocument } from '$lib/api/generated/graphql';

export class ApiCalls {
	busy = $state(false);
	message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
	errors = $state<FieldError[]>([]);

	errorAt(path: string): FieldError | undefined {
		return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`));
	}

	protected async call<T>(work: () => Promise<T>, lang: string): Promise<T | null> {
		this.busy = true;
		this.message = null;
		this.errors = [];
		try {
			return await work();
		} catch (cause) {
			if (cause instanceof ApiError) {
				this.errors = cause.errors ?? [];
				this.message = { kind: 'error', text: cause.messageIn(lang) };
			} else this.message = { kind: 'error', text: String(cause) };
			return null;
		} finally {
			this.busy = false;
		}
	}
}

/** A definition being edited: its key, version and status, unsaved changes, and saving its draft. */
export abstract class DefinitionDraft extends ApiCalls {
	key = $state('');
	version = $state<number | null>(null);
	status = $state<string | null>(null);
	saved = $state('');

	/** The definition as it would be stored (empty optional parts dropped). */
	protected abstract cleaned(): unknown;

	get dirty(): boolean {
		return JSON.stringify(this.cleaned()) !== this.saved;
	}

	async save(lang: string, savedText: (version: number) => string): Promise<boolean> {
		const schema = this.cleaned();
		const result = await this.call(() => gql(SaveDefinitionDraftDocument, { key: this.key, schema }), lang);
		if (!result) return false;
		this.version = result.saveDraft.version;
		this.status = 'DRAFT';
		this.saved = JSON.stringify(schema);
		this.message = { kind: 'ok', text: savedText(result.saveDraft.version) };
		return true;
	}
}
