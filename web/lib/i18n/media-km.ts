// Khmer words of media answers. Same keys as media-en.ts.
import type { MediaDictionary } from './media-en';

export const mediaKm: MediaDictionary = {
	takePhoto: 'ថតរូប ឬជ្រើសរើសរូបថត',
	replacePhoto: 'ថតរូបផ្សេងទៀត',
	photoAlt: 'រូបថតចម្លើយ',
	resizing: 'កំពុងបង្រួមរូបថត…',
	sign: 'សូមចុះហត្ថលេខាក្នុងប្រអប់ដោយប្រើម្រាមដៃ',
	clearSignature: 'លុប',
	keepSignature: 'រក្សាហត្ថលេខានេះ',
	signAgain: 'ចុះហត្ថលេខាម្តងទៀត',
	signatureAlt: 'ហត្ថលេខាចម្លើយ',
	record: 'ថតសំឡេង',
	stop: 'ឈប់',
	recordAgain: 'ថតសំឡេងម្តងទៀត',
	recording: 'កំពុងថតសំឡេង… {seconds} វិនាទី',
	noMicrophone: 'ទូរស័ព្ទនេះមិនបានអនុញ្ញាតឱ្យកម្មវិធីប្រើមីក្រូហ្វូនទេ។',
	noCamera: 'មិនអាចអានរូបថតបានទេ។ សូមសាកល្បងរូបផ្សេង។',
	remove: 'ដកចេញ',
	waiting: 'រក្សាទុកនៅលើទូរស័ព្ទនេះ៖ វានឹងត្រូវផ្ញើជាមួយកំណត់ត្រា។',
	sent: 'នៅលើម៉ាស៊ីនមេហើយ។',
	refused: 'ម៉ាស៊ីនមេបានបដិសេធឯកសារនេះ៖ {message}',
	missing: 'ឯកសារនេះមិនមាននៅលើទូរស័ព្ទនេះទេ។',
	tooLarge: 'ឯកសារនេះធំជាង {mb} MB។',
};
