// A table header cell with a drag handle on its right edge; antd tables do not resize columns by themselves.
import { useRef, type ThHTMLAttributes } from 'react';

export interface ResizableHeaderProps extends ThHTMLAttributes<HTMLTableCellElement> {
  width?: number;
  onResize?: (width: number) => void;
}

const MIN_WIDTH = 60;

export function ResizableHeader({ width, onResize, children, ...rest }: ResizableHeaderProps) {
  const start = useRef<{ x: number; width: number } | null>(null);
  if (!onResize || !width) return <th {...rest}>{children}</th>;
  const onPointerDown = (e: React.PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    start.current = { x: e.clientX, width };
    const move = (ev: PointerEvent) => start.current && onResize(Math.max(MIN_WIDTH, Math.round(start.current.width + ev.clientX - start.current.x)));
    const up = () => {
      start.current = null;
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <th {...rest} style={{ ...rest.style, position: 'relative' }}>
      {children}
      {/* Clicking the handle must not sort the column. */}
      <span className="column-resize-handle" onPointerDown={onPointerDown} onClick={(e) => e.stopPropagation()} role="separator" aria-orientation="vertical" />
    </th>
  );
}
