/** A dropdown of checkboxes (native <details>, so it opens with Enter/Space and needs no script). */
import type { ReactNode } from 'react';

export function MultiSelect({
  label,
  options,
  selected,
  onChange,
  renderOption = (option) => option,
}: {
  label: string;
  options: readonly string[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  renderOption?: (option: string) => ReactNode;
}) {
  const chosen = new Set(selected);
  const toggle = (option: string) => {
    const next = new Set(chosen);
    if (next.has(option)) next.delete(option);
    else next.add(option);
    onChange(options.filter((each) => next.has(each)));
  };
  return (
    <details className="group relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-200 select-none">
        {label}:{' '}
        {selected.length === 0 ? 'all' : selected.length === 1 ? selected[0] : `${selected.length} selected`}
        <span aria-hidden className="ml-1 text-slate-500">
          ▾
        </span>
      </summary>
      <fieldset className="absolute z-20 mt-1 max-h-80 w-72 overflow-auto rounded-md border border-slate-700 bg-slate-900 p-2 shadow-xl">
        <legend className="sr-only">{label}</legend>
        <div className="mb-2 flex gap-2">
          <button type="button" className="text-xs text-sky-400 hover:underline" onClick={() => onChange([])}>
            All (clear)
          </button>
        </div>
        {options.map((option) => (
          <label
            key={option}
            className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-800"
          >
            <input type="checkbox" checked={chosen.has(option)} onChange={() => toggle(option)} />
            {renderOption(option)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
