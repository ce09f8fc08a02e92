// Options for formio.js's WebformBuilder: the sidebar palette holds only the definition format's
// widgets, and every edit form hides what a definition cannot hold or must never hold (custom
// JavaScript, URL data sources, logic, calculated values, API/layout tabs). Bilingual labels,
// options, required and conditions are edited in our own side panel instead.
import type { Lang } from '$lib/i18n';
import type { BuilderDictionary } from '$lib/i18n/builder-en';
import { componentFor, PALETTE } from './palette';

const HIDDEN_TABS = ['data', 'api', 'conditional', 'logic', 'layout', 'addons'];
const HIDDEN_DISPLAY = [
	'label', 'description', 'labelPosition', 'labelWidth', 'labelMargin', 'placeholder', 'tooltip', 'customClass', 'tabindex',
	'hidden', 'hideLabel', 'autofocus', 'disabled', 'tableView', 'modalEdit', 'prefix', 'suffix', 'widget', 'widget.type',
	'inputMask', 'displayMask', 'allowMultipleMasks', 'showCharCount', 'showWordCount', 'spellcheck', 'autocomplete',
	'inputMode', 'mask', 'dataGridLabel', 'optionsLabelPosition', 'inline', 'shortcut', 'title', 'theme', 'collapsible',
	'breadcrumb', 'breadcrumbClickable', 'buttonSettings', 'navigateOnEnter', 'saveOnEnter', 'scrollToTop', 'collapsed',
	'addAnother', 'addAnotherPosition', 'removePlacement', 'defaultOpen', 'layoutFixed', 'enableRowGroups', 'initEmpty',
	'reorder', 'rows', 'editor', 'autoExpand', 'isUploadEnabled', 'uniqueOptions', 'tree', 'lazyLoad', 'delimiter',
	'requireDecimal', 'thousandsSeparator', 'decimalSymbol', 'truncateMultipleSpaces', 'case', 'hideInputLabels',
	'customOptions', 'useLocaleSettings', 'hideOnChildrenHidden', 'clearOnHide', 'kickbox', 'searchEnabled',
];
const HIDDEN_VALIDATION = [
	'validate.required', 'unique', 'validateWhenHidden', 'validateOn', 'errorLabel', 'validate.customMessage',
	'custom-validation-js', 'json-validation-json', 'errors', 'validate.minWords', 'validate.maxWords',
	'validate.onlyAvailableItems', 'validate.customPrivate', 'validate.custom', 'validate.json', 'kickbox',
	'validate.minSelectedCount', 'validate.maxSelectedCount', 'minSelectedCountMessage', 'maxSelectedCountMessage',
	'validate.strictDateValidation',
];

const TYPES = ['textfield', 'textarea', 'number', 'radio', 'select', 'checkbox', 'container', 'datagrid', 'panel'];

function overrides(): Array<Record<string, unknown>> {
	return [
		...HIDDEN_TABS.map((key) => ({ key, ignore: true })),
		{ key: 'display', components: HIDDEN_DISPLAY.map((key) => ({ key, ignore: true })) },
		{ key: 'validation', components: HIDDEN_VALIDATION.map((key) => ({ key, ignore: true })) },
	];
}

export function builderOptions(lang: Lang, words: { km: BuilderDictionary; en: BuilderDictionary }): Record<string, unknown> {
	const t = words[lang];
	const components = Object.fromEntries(
		PALETTE.map((id) => [
			`sa_${id}`,
			{ title: t.palette[id] ?? id, key: id, icon: '', schema: componentFor(id, id, lang, words) },
		]),
	);
	return {
		language: lang,
		noNewEdit: true,
		noDefaultSubmitButton: true,
		noAddSubmitButton: true,
		noSource: true,
		builder: {
			basic: false,
			advanced: false,
			data: false,
			layout: false,
			premium: false,
			resource: false,
			sa: { title: t.page.fields, default: true, weight: 0, components },
		},
		editForm: Object.fromEntries(TYPES.map((type) => [type, overrides()])),
	};
}
