// Khmer for the reasons a pattern is refused (parse.ts and compile.ts raise them in English; the
// definition problem shows both). Parameterised reasons are matched by shape.
const KM: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unmatched "\)"$/, () => 'មាន ")" គ្មានគូ'],
  [/^unexpected character$/, () => 'តួអក្សរមិនរំពឹងទុក'],
  [/^"\{" must start a repeat count/, () => '"{" ត្រូវចាប់ផ្តើមចំនួនដដែល ដូចជា {2} ឬ {2,5}; សរសេរ \\{ សម្រាប់តួអក្សរ'],
  [/^repeat counts may not exceed (\d+)$/, (m) => `ចំនួនដដែលមិនអាចលើសពី ${m[1]}`],
  [/^nested repeat counts multiply past (\d+)$/, (m) => `ចំនួនដដែលក្នុងគ្នាគុណគ្នាលើសពី ${m[1]}`],
  [/^repeat count out of order$/, () => 'ចំនួនដដែលមិនតាមលំដាប់'],
  [/^a repeat cannot be repeated directly/, () => 'មិនអាចធ្វើដដែលលើការធ្វើដដែលដោយផ្ទាល់ទេ; ប្រើក្រុម (…)'],
  [/^nothing to repeat$/, () => 'គ្មានអ្វីសម្រាប់ធ្វើដដែល'],
  [/^write \\(.) for the character/, (m) => `សរសេរ \\${m[1]} សម្រាប់តួអក្សរ "${m[1]}"`],
  [/^a lone surrogate matches nothing$/, () => 'surrogate តែឯងមិនត្រូវនឹងអ្វីទេ'],
  [/^invalid group name$/, () => 'ឈ្មោះក្រុមមិនត្រឹមត្រូវ'],
  [/^lookahead and lookbehind are not supported$/, () => 'មិនគាំទ្រ lookahead និង lookbehind ទេ'],
  [/^group flags and modifiers are not supported$/, () => 'មិនគាំទ្រ flag ឬ modifier ក្នុងក្រុមទេ'],
  [/^missing "([)\]])"$/, (m) => `ខ្វះ "${m[1]}"`],
  [/^a range needs a single character at both ends$/, () => 'ជួរត្រូវមានតួអក្សរតែមួយនៅចុងទាំងពីរ'],
  [/^range out of order$/, () => 'ជួរមិនតាមលំដាប់'],
  [/^this character class matches nothing$/, () => 'ថ្នាក់តួអក្សរនេះមិនត្រូវនឹងអ្វីទេ'],
  [/^pattern ends with "\\"$/, () => 'លំនាំបញ្ចប់ដោយ "\\"'],
  [/^\\p needs a property name/, () => '\\p ត្រូវការឈ្មោះលក្ខណៈក្នុងវង់ក្រចក ដូចជា \\p{L} ឬ \\p{Script=Khmer}'],
  [/^unknown Unicode property "(.*)"$/, (m) => `មិនស្គាល់លក្ខណៈ Unicode "${m[1]}"`],
  [/^\\x needs two hexadecimal digits$/, () => '\\x ត្រូវការលេខគោលដប់ប្រាំមួយពីរខ្ទង់'],
  [/^\\c needs a letter$/, () => '\\c ត្រូវការអក្សរមួយ'],
  [/^octal escapes are not supported$/, () => 'មិនគាំទ្រ escape គោលប្រាំបីទេ'],
  [/^backreferences are not supported$/, () => 'មិនគាំទ្រ backreference ទេ'],
  [/^"(.*)" is not a valid escape$/, (m) => `"${m[1]}" មិនមែនជា escape ត្រឹមត្រូវទេ`],
  [/^code point out of range$/, () => 'code point ហួសដែនកំណត់'],
  [/^\\u needs four hexadecimal digits/, () => '\\u ត្រូវការលេខគោលដប់ប្រាំមួយបួនខ្ទង់ ឬ {…}'],
  [/^longer than (\d+) characters$/, (m) => `វែងជាង ${m[1]} តួអក្សរ`],
];

/** Khmer for an English refusal reason (with its "(at character N)" suffix), or the English text. */
export function khmerReason(reason: string): string {
  const at = / \(at character (\d+)\)$/.exec(reason);
  const core = at ? reason.slice(0, at.index) : reason;
  for (const [shape, km] of KM) {
    const m = shape.exec(core);
    if (m) return at ? `${km(m)} (តួអក្សរទី ${at[1]})` : km(m);
  }
  return reason;
}
