// The help editor's state: the page being written (the help format of form-engine/help/types.ts),
// whether it has unsaved changes, and the lifecycle calls (save draft, publish, retire) through the
// same definition mutations as forms. The server checks everything again; errors come back with
// their path (`body.en`, `tour.steps.0.target`) and are shown beside the field.
import { gql } from '$lib/api';
import { DefinitionDraft } from '$lib/api-calls.svelte';
import { PublishHelpDocument, RetireHelpDocument } from '$lib/api/generated/graphql';
import type { HelpPage, TourStep } from '$engine/help/types';

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema' as const;

export function emptyHelpPage(): HelpPage {
	return { $schema: SCHEMA, 'x-kind': 'help', 'x-title': { km: '', en: '' }, body: { km: '', en: '' } };
}

/** Drops empty optional parts so the stored page stays minimal (and valid: no empty strings). */
export function cleanHelpPage(page: HelpPage): HelpPage {
	const out: HelpPage = { $schema: SCHEMA, 'x-kind': 'help', 'x-title': page['x-title'], body: page.body };
	if (page['x-type'] === 'course') out['x-type'] = 'course';
	if (page['x-summary'] && (page['x-summary'].km || page['x-summary'].en)) out['x-summary'] = page['x-summary'];
	if (page.audience?.length) out.audience = page.audience;
	if (page.topic) out.topic = page.topic;
	if (page.routes?.length) out.routes = page.routes;
	if (page.tour?.steps.length) out.tour = { route: page.tour.route, steps: page.tour.steps.map((s: TourStep) => (s.target ? s : { title: s.title, text: s.text })) };
	if (out['x-type'] === 'course' && page.modules?.length) out.modules = page.modules;
	return out;
}

export class HelpDraft extends DefinitionDraft {
	page = $state<HelpPage>(emptyHelpPage());

	constructor(key: string, page: HelpPage | null, version: number | null, status: string | null) {
		super();
		this.key = key;
		if (page) this.page = structuredClone(page);
		this.version = version;
		this.status = status;
		this.saved = JSON.stringify(cleanHelpPage(this.page));
	}

	protected cleaned(): HelpPage {
		return cleanHelpPage(this.page);
	}

	async publish(lang: string, publishedText: (version: number) => string): Promise<boolean> {
		if (this.dirty && !(await this.save(lang, () => ''))) return false;
		const result = await this.call(() => gql(PublishHelpDocument, { key: this.key }), lang);
		if (!result) return false;
		this.status = 'PUBLISHED';
		this.message = { kind: 'ok', text: publishedText(result.publish.version) };
		return true;
	}

	async retire(lang: string, retiredText: string): Promise<boolean> {
		const result = await this.call(() => gql(RetireHelpDocument, { key: this.key }), lang);
		if (!result) return false;
		this.status = 'RETIRED';
		this.message = { kind: 'ok', text: retiredText };
		return true;
	}
}
