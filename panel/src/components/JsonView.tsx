/** An event (or any value) as indented JSON, scrollable, selectable. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-96 overflow-auto rounded-md border border-slate-800 bg-slate-950 p-3 text-xs leading-relaxed text-slate-300"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
