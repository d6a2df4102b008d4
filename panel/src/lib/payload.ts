/** A one-line summary of an event's payload for tables: its first few scalar fields. */
export function payloadSummary(payload: Record<string, unknown>, fields = 4): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (parts.length >= fields) break;
    if (value === null || typeof value === 'object') continue;
    const text = typeof value === 'string' ? value.replace(/\s+/g, ' ') : String(value);
    parts.push(`${key}=${text.length > 40 ? `${text.slice(0, 39)}…` : text}`);
  }
  return parts.join(' · ');
}
