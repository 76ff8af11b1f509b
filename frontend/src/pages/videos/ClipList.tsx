import { useTranslation } from 'react-i18next';
import { useRef, useState, type DragEvent } from 'react';
import type { HubFile } from '../../api/types.ts';
import { formatDuration } from '../../lib/format.ts';
import { describeMove, moveDown, moveItem, moveUp, removeAt } from '../../lib/reorder.ts';

/**
 * The chosen clips, in order. Reorder by dragging a row or with the Move up / Move down buttons
 * (the keyboard way); every move is announced.
 */
export function ClipList({
  clipIds,
  files,
  onChange,
  ordered,
}: {
  clipIds: string[];
  files: Map<string, HubFile>;
  onChange: (next: string[]) => void;
  /** Merge: order matters, so show positions and move controls. */
  ordered: boolean;
}) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const [dragOver, setDragOver] = useState<number | null>(null);
  const dragFrom = useRef<number | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const nameOf = (id: string) => files.get(id)?.name ?? id;

  const apply = (next: string[], movedId: string, focusKey: string) => {
    onChange(next);
    const index = next.indexOf(movedId);
    setAnnouncement(describeMove(nameOf(movedId), index, next.length));
    // Keep focus on the same control of the moved row (or its sibling at the list edge).
    requestAnimationFrame(() => {
      const target = buttons.current.get(`${movedId}:${focusKey}`);
      if (target && !target.disabled) target.focus();
      else buttons.current.get(`${movedId}:${focusKey === 'up' ? 'down' : 'up'}`)?.focus();
    });
  };

  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    const from = dragFrom.current;
    dragFrom.current = null;
    setDragOver(null);
    if (from === null || from === to) return;
    const movedId = clipIds[from];
    if (movedId) apply(moveItem(clipIds, from, to), movedId, 'up');
  };

  const register = (key: string) => (node: HTMLButtonElement | null) => {
    if (node) buttons.current.set(key, node);
    else buttons.current.delete(key);
  };

  return (
    <>
      <ol
        className={`clip-list${ordered ? ' ordered' : ''}`}
        aria-label={ordered ? t('Merge order') : t('Chosen clips')}
        data-testid="clip-list"
      >
        {clipIds.map((id, index) => {
          const file = files.get(id);
          return (
            <li
              key={id}
              className={`clip-row${dragOver === index ? ' drag-over' : ''}`}
              data-testid="clip-row"
              data-file-id={id}
              draggable={ordered}
              onDragStart={(e) => {
                dragFrom.current = index;
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', id);
              }}
              onDragOver={(e) => {
                if (dragFrom.current === null) return;
                e.preventDefault();
                setDragOver(index);
              }}
              onDragLeave={() => setDragOver((current) => (current === index ? null : current))}
              onDrop={(e) => onDrop(e, index)}
              onDragEnd={() => setDragOver(null)}
            >
              {ordered ? (
                <span className="clip-handle" aria-hidden="true" title={t('Drag to reorder')}>
                  ⠿
                </span>
              ) : null}
              {ordered ? <span className="clip-position">{index + 1}.</span> : null}
              <span className="clip-name">{file?.name ?? id}</span>
              {file?.duration ? <span className="muted">{formatDuration(file.duration)}</span> : null}
              <span className="clip-actions">
                {ordered ? (
                  <>
                    <button
                      type="button"
                      ref={register(`${id}:up`)}
                      className="button button-small"
                      onClick={() => apply(moveUp(clipIds, index), id, 'up')}
                      disabled={index === 0}
                      aria-label={t('Move {{name}} up', { name: nameOf(id) })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      ref={register(`${id}:down`)}
                      className="button button-small"
                      onClick={() => apply(moveDown(clipIds, index), id, 'down')}
                      disabled={index === clipIds.length - 1}
                      aria-label={t('Move {{name}} down', { name: nameOf(id) })}
                    >
                      ↓
                    </button>
                  </>
                ) : null}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    onChange(removeAt(clipIds, index));
                    setAnnouncement(`${nameOf(id)} removed`);
                  }}
                  aria-label={t('Remove {{name}}', { name: nameOf(id) })}
                >
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="assertive" data-testid="clip-announcement">
        {announcement}
      </p>
    </>
  );
}
