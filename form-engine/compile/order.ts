// Display order of an object's properties: x-order when given, else declaration order.
export function orderedKeys(properties: Record<string, unknown>, order?: readonly string[]): string[] {
  const keys = Object.keys(properties);
  if (!order) return keys;
  const listed = order.filter((key) => Object.hasOwn(properties, key));
  const seen = new Set(listed);
  return [...listed, ...keys.filter((key) => !seen.has(key))];
}
