// Khmer words of audio prompts. Same keys as prompts-en.ts.
import type { PromptsDictionary } from './prompts-en';

export const promptsKm: PromptsDictionary = {
	listen: 'ស្តាប់',
	listenTo: 'ស្តាប់៖ {label}',
	listenToChoice: 'ស្តាប់៖ {choice}',
	optionsTitle: 'ជម្រើសដែលបានថតសំឡេង',
	optionsHelp: 'ការថតសំឡេងនៃជម្រើសនីមួយៗ (លក្ខណៈវិនិច្ឆ័យ)៖ លើទូរសព្ទ នៅពេលជម្រើសមួយត្រូវបានជ្រើស ប៊ូតុង "ស្តាប់" ចាក់វា។',
	language: 'ភាសា',
	stopListening: 'ឈប់',
	audioLanguage: 'ភាសានៃការថតសំឡេង',
	noAudio: 'គ្មានការថតសំឡេង',
	cannotPlay: 'ការថតសំឡេងនេះមិនអាចចាក់លើទូរសព្ទនេះបានទេ។',
	builderTitle: 'សំណួរដែលបានថតសំឡេង (សម្រាប់អ្នកដែលមិនចេះអាន)',
	builderHelp: 'ថតសំណួរ ឬជ្រើសឯកសារសំឡេង ជាភាសានីមួយៗដែលអ្នកចូលរួមនិយាយ។ លើទូរសព្ទ ប៊ូតុង "ស្តាប់" ធំមួយចាក់វាជាភាសាដែលអ្នកសម្របសម្រួលជ្រើស។',
	recordIn: 'ថតសំឡេង',
	chooseFile: 'ជ្រើសឯកសារសំឡេង',
	play: 'ចាក់',
	remove: 'លុប',
	uploading: 'កំពុងផ្ញើការថតសំឡេង…',
	failed: 'ការថតសំឡេងមិនត្រូវបានរក្សាទុកទេ៖ {message}',
	none: 'មិនទាន់មានការថតសំឡេង',
};
