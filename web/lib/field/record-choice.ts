// Dependency key of the fill page load (which record is open): a navigation that must choose the
// record again (new record, start over) invalidates it, even when the address looks unchanged to
// the router (the record id is added to the address by a shallow replaceState).
export const RECORD_CHOICE = 'field:record';
