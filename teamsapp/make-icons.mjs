// Draws the Teams app icons: `node teamsapp/make-icons.mjs` (or `npm run icons`) rewrites color.png and outline.png.
// Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on transparent.
// The symbol is a speech bubble holding three level bars: staff voice, measured.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

const { PNG } = pngjs;
const here = path.dirname(fileURLToPath(import.meta.url));
const NHS_BLUE = [0x00, 0x5e, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

// Shapes in a unit box (0..1 both ways, y down), as signed distances: negative inside.
function roundedRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function triangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const edge = (px, py, qx, qy) => {
    const ex = qx - px;
    const ey = qy - py;
    const wx = x - px;
    const wy = y - py;
    const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    return { d: Math.hypot(wx - ex * t, wy - ey * t), s: ex * wy - ey * wx };
  };
  const edges = [edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay)];
  const inside = edges.every((e) => e.s >= 0) || edges.every((e) => e.s <= 0);
  const d = Math.min(...edges.map((e) => e.d));
  return inside ? -d : d;
}

const bubble = (x, y) =>
  Math.min(roundedRect(x, y, 0.5, 0.42, 0.42, 0.32, 0.14), triangle(x, y, [0.2, 0.6], [0.42, 0.6], [0.14, 0.96]));

const BARS = [
  { cx: 0.32, hh: 0.1 },
  { cx: 0.5, hh: 0.18 },
  { cx: 0.68, hh: 0.13 },
];
const bars = (x, y) => Math.min(...BARS.map((b) => roundedRect(x, y, b.cx, 0.42, 0.055, b.hh, 0.055)));

/** Renders `coverage(x, y)` (0..1 at a point of the unit box) with 4×4 supersampling into an RGBA PNG. */
function render(size, box, paint) {
  const png = new PNG({ width: size, height: size });
  const [x0, y0, span] = box;
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = ((px + (sx + 0.5) / n) / size - x0) / span;
          const v = ((py + (sy + 0.5) / n) / size - y0) / span;
          const [r, g, b, a] = paint(u, v);
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = acc[3] / (n * n);
      png.data[i] = alpha > 0 ? Math.round(acc[0] / acc[3]) : 0;
      png.data[i + 1] = alpha > 0 ? Math.round(acc[1] / acc[3]) : 0;
      png.data[i + 2] = alpha > 0 ? Math.round(acc[2] / acc[3]) : 0;
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

// Colour: NHS blue to the edges, the white bubble with blue bars in the middle 96×96 or so.
const color = render(192, [0.22, 0.22, 0.56], (u, v) => {
  if (bubble(u, v) <= 0 && bars(u, v) > 0) return [...WHITE, 1];
  return [...NHS_BLUE, 1];
});

// Outline: only white and transparency. The bubble's edge as a stroke, the bars filled.
const STROKE = 0.085;
const outline = render(32, [0.02, 0.02, 0.96], (u, v) => {
  const d = bubble(u, v);
  const onStroke = d <= 0 && d > -STROKE;
  return [...WHITE, onStroke || bars(u, v) <= 0 ? 1 : 0];
});

writeFileSync(path.join(here, 'color.png'), color);
writeFileSync(path.join(here, 'outline.png'), outline);
process.stdout.write(`wrote ${path.join(here, 'color.png')} (192×192) and ${path.join(here, 'outline.png')} (32×32)\n`);
