/** Page-size choice and previous/next over a list held in memory. */
import { Button, inputClass } from './ui.js';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export function paginate<T>(items: readonly T[], page: number, size: number): T[] {
  return items.slice(page * size, page * size + size);
}

export function Pagination({
  total,
  page,
  size,
  onPage,
  onSize,
  sizes = PAGE_SIZES,
}: {
  total: number;
  page: number;
  size: number;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
  sizes?: readonly number[];
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : page * size + 1;
  const last = Math.min(total, (page + 1) * size);
  return (
    <nav
      aria-label="Pagination"
      className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-400"
    >
      <span>
        {first}–{last} of {total}
      </span>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1">
          <span>Per page</span>
          <select
            className={inputClass}
            value={size}
            onChange={(event) => {
              onSize(Number(event.target.value));
              onPage(0);
            }}
          >
            {sizes.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => onPage(page - 1)} disabled={page <= 0} aria-label="Previous page">
          ‹ Prev
        </Button>
        <span aria-live="polite">
          {page + 1} / {pages}
        </span>
        <Button onClick={() => onPage(page + 1)} disabled={page >= pages - 1} aria-label="Next page">
          Next ›
        </Button>
      </div>
    </nav>
  );
}
