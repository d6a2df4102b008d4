/** Small building blocks shared by the pages: cards, stats, buttons, badges, notes. */
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { SEVERITIES, type Severity } from '../api/types.js';
import { SEVERITY_STYLES } from '../lib/catalogue.js';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-xl font-semibold text-slate-100">{title}</h1>
      {children ? <div className="flex flex-wrap items-center gap-2">{children}</div> : null}
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
  className = '',
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`min-w-0 rounded-lg border border-slate-800 bg-slate-900/70 p-4 ${className}`}>
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title ? (
            <h2 className="text-sm font-semibold tracking-wide text-slate-300 uppercase">{title}</h2>
          ) : (
            <span />
          )}
          {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  className = '',
}: {
  label: string;
  value: ReactNode;
  className?: string;
}) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-800 bg-slate-900/70 px-4 py-3">
      <div className="text-xs tracking-wide text-slate-400 uppercase">{label}</div>
      <div className={`mt-1 truncate text-xl font-semibold tabular-nums ${className}`}>{value}</div>
    </div>
  );
}

type ButtonTone = 'primary' | 'neutral' | 'danger' | 'success';
const TONES: Record<ButtonTone, string> = {
  primary: 'bg-sky-600 hover:bg-sky-500 text-white',
  neutral: 'bg-slate-800 hover:bg-slate-700 text-slate-100 border border-slate-700',
  danger: 'bg-rose-700 hover:bg-rose-600 text-white',
  success: 'bg-emerald-700 hover:bg-emerald-600 text-white',
};

export function Button({
  tone = 'neutral',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: ButtonTone }) {
  return (
    <button
      type="button"
      {...props}
      className={`rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${TONES[tone]} ${className}`}
    />
  );
}

export function Badge({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${className}`}
    >
      {children}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge className={SEVERITY_STYLES[severity]}>{severity}</Badge>;
}

export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className="my-2 rounded-md border border-rose-800 bg-rose-950/60 px-3 py-2 text-sm text-rose-200"
    >
      {error.message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-slate-500">{children}</p>;
}

export const inputClass =
  'rounded-md border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100 placeholder:text-slate-500';

export function Field({
  label,
  children,
  className = '',
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`flex flex-col gap-1 text-xs text-slate-400 ${className}`}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A row of mutually exclusive choices (ranges, intervals), as radio-like buttons. */
export function Segmented<T extends string | number>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="inline-flex overflow-hidden rounded-md border border-slate-700"
    >
      {options.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={option === value}
          onClick={() => onChange(option)}
          className={`px-2.5 py-1 text-sm ${option === value ? 'bg-sky-700 text-white' : 'bg-slate-900 text-slate-300 hover:bg-slate-800'}`}
        >
          {option}
        </button>
      ))}
    </div>
  );
}

/** A scrollable table with one header row; `children` is its body. */
export function TableShell({
  children,
  label,
  headings,
}: {
  children: ReactNode;
  label: string;
  headings: readonly string[];
}) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="w-full min-w-[36rem] border-collapse text-left text-sm">
        <thead>
          <tr>
            {headings.map((heading, column) => (
              <th key={`${column}-${heading}`} className={thClass}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

const thClass =
  'border-b border-slate-800 px-2 py-1.5 text-xs font-medium tracking-wide text-slate-400 uppercase';
export const tdClass = 'border-b border-slate-800/60 px-2 py-1.5 align-top';

/** The minimum-severity filter of the event lists; '' means any severity. */
export function MinimumSeverityField({
  value,
  onChange,
}: {
  value: Severity | '';
  onChange: (severity: Severity | '') => void;
}) {
  return (
    <Field label="Minimum severity">
      <select
        className={inputClass}
        value={value}
        onChange={(event) => onChange(event.target.value as Severity | '')}
      >
        <option value="">any</option>
        {SEVERITIES.map((level) => (
          <option key={level} value={level}>
            {level}
          </option>
        ))}
      </select>
    </Field>
  );
}
