// The report template editor's state: the template being written (a definition of kind `report`,
// server/reports/report-template.ts), whether it has unsaved changes, and the lifecycle calls (save
// draft, publish) through the definition mutations. The server checks everything again; its errors
// (REPORT_TEMPLATE_UNSAFE at `template` with the line, …) are shown beside the field they name.
import { gql } from '$lib/api';
import { DefinitionDraft } from '$lib/api-calls.svelte';
import { PublishReportDocument } from '$lib/api/generated/graphql';
import type { ReportTemplate } from '../../../server/reports/report-template';
import { IMAGE_TYPES, postImage } from '$lib/help/editor/upload-image';

export type { ReportTemplate };

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

/** What is stored: empty optional parts dropped (the format allows no empty strings in them). */
export function cleanTemplate(t: ReportTemplate): ReportTemplate {
	const out: ReportTemplate = { $schema: SCHEMA, 'x-kind': 'report', 'x-title': t['x-title'], template: t.template };
	if (t.area) out.area = t.area;
	const km = (t.organisation?.km ?? []).map((l) => l.trim()).filter(Boolean);
	const en = (t.organisation?.en ?? []).map((l) => l.trim()).filter(Boolean);
	if (km.length || en.length) out.organisation = { km, en };
	if (t.logo) out.logo = t.logo;
	const signatures = (t.signatures ?? []).filter((s) => s.label.km || s.label.en);
	if (signatures.length) out.signatures = signatures.map((s) => ({ label: s.label, ...(s.name ? { name: s.name } : {}), ...(s.title && (s.title.km || s.title.en) ? { title: s.title } : {}) }));
	if (t.tocFrom) out.tocFrom = t.tocFrom;
	return out;
}

export class TemplateDraft extends DefinitionDraft {
	doc = $state<ReportTemplate>({ $schema: SCHEMA, 'x-kind': 'report', 'x-title': { km: '', en: '' }, template: '' });

	constructor(key: string, doc: ReportTemplate, version: number | null, status: string | null) {
		super();
		this.key = key;
		this.doc = structuredClone(doc);
		this.version = version;
		this.status = status;
		// A copy of another key starts unsaved.
		this.saved = version === null ? '' : JSON.stringify(cleanTemplate(this.doc));
	}

	protected cleaned(): ReportTemplate {
		return cleanTemplate(this.doc);
	}

	async publish(lang: string, publishedText: (version: number) => string): Promise<void> {
		const result = await this.call(() => gql(PublishReportDocument, { key: this.key }), lang);
		if (!result) return;
		this.status = 'PUBLISHED';
		this.message = { kind: 'ok', text: publishedText(result.publish.version) };
	}
}

export const MAX_LOGO_BYTES = 512 * 1024;

/** Sends a logo to POST /api/reports/logo and returns its `image:<sha256>` reference. */
export async function uploadLogo(file: File, lang: string): Promise<string> {
	if (!IMAGE_TYPES.includes(file.type) || file.size > MAX_LOGO_BYTES) throw new Error(lang === 'km' ? 'សូមជ្រើសរើសរូបភាព PNG, JPEG, WebP ឬ GIF មិនលើស ៥១២ KB។' : 'Choose a PNG, JPEG, WebP or GIF image of at most 512 KB.');
	return postImage('/api/reports/logo', file, lang);
}
