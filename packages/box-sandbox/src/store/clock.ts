/** Box writes times as ISO 8601 with a numeric offset and whole seconds: 2026-11-28T10:41:23+00:00. */
export function boxTime(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
