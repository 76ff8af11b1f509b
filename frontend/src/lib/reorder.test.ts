// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { appendUnique, describeMove, moveDown, moveItem, moveUp, removeAt } from './reorder.ts';

describe('merge order', () => {
  const clips = ['a', 'b', 'c', 'd'];

  it('moves an item to a new index (drag and drop)', () => {
    expect(moveItem(clips, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(clips, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(clips, 1, 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(moveItem(clips, 7, 0)).toEqual(clips);
  });

  it('moves up and down by one and stops at the edges', () => {
    expect(moveUp(clips, 2)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveDown(clips, 2)).toEqual(['a', 'b', 'd', 'c']);
    expect(moveUp(clips, 0)).toEqual(clips);
    expect(moveDown(clips, 3)).toEqual(clips);
  });

  it('never mutates the input', () => {
    const input = ['x', 'y'];
    moveDown(input, 0);
    expect(input).toEqual(['x', 'y']);
  });

  it('removes and appends without duplicates', () => {
    expect(removeAt(clips, 1)).toEqual(['a', 'c', 'd']);
    expect(appendUnique(['a', 'b'], ['b', 'c', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('announces the new position', () => {
    expect(describeMove('clip.mp4', 1, 3)).toBe('clip.mp4 moved to position 2 of 3');
  });
});
