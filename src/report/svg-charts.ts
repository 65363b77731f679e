// The two inline-SVG charts of the cv report: ROC curves (one path per fold
// plus their mean) and horizontal bars. Plain strings, no scripts, no
// network: the page must render from the file alone.

export interface Curve {
  readonly label: string;
  readonly color: string;
  readonly fpr: ArrayLike<number>;
  readonly tpr: ArrayLike<number>;
  readonly className: string;
  readonly width: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Fold colours (Okabe-Ito, readable by colour-blind readers); the mean is drawn in black. */
export const FOLD_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#D55E00', '#CC79A7', '#0072B2', '#F0E442', '#999999'];

/** ROC plot: FPR on x, TPR on y, both 0..1, with a chance diagonal, grid and legend. */
export function rocSvg(
  curves: readonly Curve[],
  size = 420,
  axes = { id: 'roc', x: 'false-positive rate', y: 'true-positive rate', title: 'ROC curves' },
): string {
  const pad = 44;
  const x = (v: number) => (pad + v * size).toFixed(1);
  const y = (v: number) => (pad + (1 - v) * size).toFixed(1);
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map(
      (t) =>
        `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" class="grid"/><line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" class="grid"/>` +
        `<text x="${x(t)}" y="${(pad + size + 16).toFixed(1)}" text-anchor="middle">${t}</text><text x="${pad - 6}" y="${(Number(y(t)) + 4).toFixed(1)}" text-anchor="end">${t}</text>`,
    )
    .join('');
  const paths = curves
    .map((c) => {
      const points: string[] = [];
      for (let i = 0; i < c.fpr.length; i++) points.push(`${i === 0 ? 'M' : 'L'}${x(c.fpr[i])} ${y(c.tpr[i])}`);
      return `<path class="roc ${c.className}" d="${points.join(' ')}" stroke="${c.color}" stroke-width="${c.width}" fill="none"><title>${escapeHtml(c.label)}</title></path>`;
    })
    .join('\n');
  const legend = curves
    .map(
      (c, i) =>
        `<g transform="translate(${pad + size + 16} ${pad + 8 + i * 20})"><line x1="0" y1="0" x2="22" y2="0" stroke="${c.color}" stroke-width="${c.width}"/><text x="28" y="4">${escapeHtml(c.label)}</text></g>`,
    )
    .join('');
  const w = pad + size + 220;
  const h = pad + size + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${axes.id}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(axes.title)}">
<rect x="${pad}" y="${pad}" width="${size}" height="${size}" class="frame"/>${grid}
<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" class="chance"/>
${paths}
${legend}
<text x="${pad + size / 2}" y="${pad + size + 34}" text-anchor="middle">${escapeHtml(axes.x)}</text>
<text transform="translate(12 ${pad + size / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(axes.y)}</text>
</svg>`;
}

/** Horizontal bars, longest first as given; values in [0, 1] shown as percentages. */
export function barsSvg(items: ReadonlyArray<{ label: string; value: number; note: string }>, width = 360): string {
  const labelWidth = 150;
  const row = 20;
  const h = items.length * row + 8;
  const max = Math.max(...items.map((i) => i.value), 1e-12);
  const bars = items
    .map((it, k) => {
      const w = (it.value / max) * width;
      return (
        `<g transform="translate(0 ${4 + k * row})"><text x="${labelWidth - 6}" y="14" text-anchor="end">${escapeHtml(it.label)}</text>` +
        `<rect class="bar" x="${labelWidth}" y="3" width="${w.toFixed(1)}" height="14"/><text x="${(labelWidth + w + 6).toFixed(1)}" y="14">${escapeHtml(it.note)}</text></g>`
      );
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" id="importance" width="${labelWidth + width + 160}" height="${h}" role="img" aria-label="feature importance">${bars}</svg>`;
}
