import { t } from '../i18n/index.ts';
/** Pure list moves for the merge order (drag and drop and the move up/down buttons share them). */

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const target = Math.min(Math.max(to, 0), list.length - 1);
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item as T);
  return next;
}

export function moveUp<T>(list: readonly T[], index: number): T[] {
  return index <= 0 ? [...list] : moveItem(list, index, index - 1);
}

export function moveDown<T>(list: readonly T[], index: number): T[] {
  return index >= list.length - 1 ? [...list] : moveItem(list, index, index + 1);
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Adds ids not already present, keeping the existing order first. */
export function appendUnique(list: readonly string[], ids: readonly string[]): string[] {
  const seen = new Set(list);
  const next = [...list];
  for (const id of ids) {
    if (!seen.has(id)) {
      seen.add(id);
      next.push(id);
    }
  }
  return next;
}

/** Sentence announced to screen readers after a move, e.g. "clip.mp4 moved to position 2 of 3". */
export function describeMove(name: string, newIndex: number, length: number): string {
  return t('{{name}} moved to position {{position}} of {{length}}', { name, position: newIndex + 1, length });
}
