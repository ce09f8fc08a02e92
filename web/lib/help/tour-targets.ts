// The elements a tour step can point at, per product page: each is a `data-tour` attribute in that
// page's markup. Trainers choose from these names in the editor (no CSS selectors to type), so a
// step keeps working when the page's layout changes. Add a name here when you add the attribute.
export interface TourTarget {
	name: string;
	label: { km: string; en: string };
}

const common: TourTarget[] = [{ name: 'help-menu', label: { km: 'ប៊ូតុងជំនួយ (?)', en: 'The help button (?)' } }];

export const TOUR_TARGETS: Record<string, TourTarget[]> = {
	'/': [...common, { name: 'form-list', label: { km: 'បញ្ជីទម្រង់', en: 'The list of forms' } }],
	'/field': [...common, { name: 'form-list', label: { km: 'បញ្ជីទម្រង់', en: 'The list of forms' } }],
	'/forms/[key]': [
		...common,
		{ name: 'fill-form', label: { km: 'ទម្រង់', en: 'The form' } },
		{ name: 'fill-send', label: { km: 'ប៊ូតុងផ្ញើ', en: 'The send button' } },
	],
	'/dashboard': [
		...common,
		{ name: 'dashboard-year', label: { km: 'ការជ្រើសរើសឆ្នាំ', en: 'The year' } },
		{ name: 'dashboard-cards', label: { km: 'កាតសូចនាករ', en: 'The indicator cards' } },
		{ name: 'dashboard-report', label: { km: 'របាយការណ៍ប្រចាំខែ', en: 'The monthly report' } },
	],
	'/builder/[key]': [
		...common,
		{ name: 'builder-toolbar', label: { km: 'របារឧបករណ៍ (បន្ថែមវាល)', en: 'The toolbar (add a field)' } },
		{ name: 'builder-canvas', label: { km: 'ទម្រង់កំពុងបង្កើត', en: 'The form being built' } },
		{ name: 'builder-save', label: { km: 'ប៊ូតុងរក្សាទុក', en: 'The save button' } },
		{ name: 'builder-publish', label: { km: 'ប៊ូតុងផ្សព្វផ្សាយ', en: 'The publish button' } },
	],
};

export const TOUR_ROUTES = Object.keys(TOUR_TARGETS);
