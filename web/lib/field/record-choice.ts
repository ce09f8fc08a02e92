// Dependency key of the fill page load (which record is open): a navigation that must choose the
// record again (new record, start over) invalidates it, even when the address does not change
// (`?new` → `?new` when a record was finished before its first autosave).
export const RECORD_CHOICE = 'field:record';
