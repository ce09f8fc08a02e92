// Words of the printable progress report, in Khmer and English.
export const REPORT_TEXTS = {
  km: {
    title: 'របាយការណ៍វឌ្ឍនភាពប្រចាំខែ',
    month: 'ខែ',
    area: 'តំបន់',
    generated: 'បង្កើតនៅ',
    otherLanguage: 'English',
    print: 'បោះពុម្ព / PDF',
    submissionsHeading: 'ទិន្នន័យដែលបានបញ្ជូន',
    form: 'ទម្រង់',
    thisMonth: 'ខែនេះ',
    yearToDate: 'ពីដើមឆ្នាំ',
    indicatorsHeading: 'សូចនាករ',
    indicator: 'សូចនាករ',
    value: 'តម្លៃ',
    target: 'គោលដៅ',
    baseline: 'មូលដ្ឋាន',
    status: 'ស្ថានភាព',
    place: 'ទីកន្លែង',
    noData: 'មិនទាន់មានទិន្នន័យ',
    met: 'សម្រេចគោលដៅ',
    below: 'ក្រោមគោលដៅ',
    noTarget: 'គ្មានគោលដៅ',
    country: 'ព្រះរាជាណាចក្រកម្ពុជា',
    footer: 'SA Studio · របាយការណ៍នេះបង្កើតដោយស្វ័យប្រវត្តិពីទិន្នន័យក្នុងតំបន់របស់អ្នក។',
  },
  en: {
    title: 'Monthly progress report',
    month: 'Month',
    area: 'Area',
    generated: 'Generated',
    otherLanguage: 'ភាសាខ្មែរ',
    print: 'Print / PDF',
    submissionsHeading: 'Data received',
    form: 'Form',
    thisMonth: 'This month',
    yearToDate: 'Year to date',
    indicatorsHeading: 'Indicators',
    indicator: 'Indicator',
    value: 'Value',
    target: 'Target',
    baseline: 'Baseline',
    status: 'Status',
    place: 'Place',
    noData: 'No data yet',
    met: 'Target met',
    below: 'Below target',
    noTarget: 'No target',
    country: 'Kingdom of Cambodia',
    footer: 'SA Studio · This report is generated from the data of your area.',
  },
} as const;

const KM_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthLabel(month: string, locale: 'km' | 'en'): string {
  const index = Number(month.slice(5, 7)) - 1;
  return `${(locale === 'km' ? KM_MONTHS : EN_MONTHS)[index] ?? month} ${month.slice(0, 4)}`;
}
