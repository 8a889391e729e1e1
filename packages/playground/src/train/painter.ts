/**
 * One set of drawing calls, two targets: a canvas (the live plots, drawn every frame, saved as PNG)
 * and an SVG document (the same picture as vectors, for the SVG export). The plots in `plots.ts` draw
 * through this interface only.
 *
 * @module
 */

export interface TextStyle {
  readonly size?: number;
  readonly color?: string;
  readonly anchor?: "start" | "middle" | "end";
  readonly baseline?: "top" | "middle" | "alphabetic" | "bottom";
  readonly bold?: boolean;
  /** Rotation in degrees about (x, y). */
  readonly rotate?: number;
}

export interface Painter {
  readonly width: number;
  readonly height: number;
  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke?: string | null, strokeWidth?: number): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width?: number): void;
  /** A polyline through x0, y0, x1, y1, ... */
  polyline(points: readonly number[], stroke: string, width?: number): void;
  circle(cx: number, cy: number, r: number, fill: string, stroke?: string | null, strokeWidth?: number): void;
  text(x: number, y: number, text: string, style?: TextStyle): void;
  /**
   * A grid of `cols` × `rows` colored cells filling the rectangle, row 0 at the top; `rgb(i, j)` gives
   * the color of column i of row j as 0xRRGGBB.
   */
  cells(x: number, y: number, w: number, h: number, cols: number, rows: number, rgb: CellColor): void;
  /** Clips what follows to a rectangle until {@link unclip}. */
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
}

/** The color of a cell, column i of row j, as 0xRRGGBB. */
export type CellColor = (i: number, j: number) => number;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Verdana, sans-serif";

/** Draws on a 2-D canvas, in CSS pixels (the canvas is scaled for the screen's pixel ratio). */
export class CanvasPainter implements Painter {
  /** One small canvas for every painter's cells, drawn scaled onto the target. */
  private static scratch: HTMLCanvasElement | null = null;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    readonly width: number,
    readonly height: number,
  ) {}

  /** Sizes a canvas for `width` × `height` CSS pixels at the screen's pixel ratio, and clears it. */
  static on(canvas: HTMLCanvasElement, width: number, height: number): CanvasPainter {
    const ratio = Math.min(3, window.devicePixelRatio || 1);
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return new CanvasPainter(ctx, width, height);
  }

  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke: string | null = null, strokeWidth = 1): void {
    if (fill !== null) {
      this.ctx.fillStyle = fill;
      this.ctx.fillRect(x, y, w, h);
    }
    if (stroke !== null) {
      this.ctx.strokeStyle = stroke;
      this.ctx.lineWidth = strokeWidth;
      this.ctx.strokeRect(x, y, w, h);
    }
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1): void {
    this.polyline([x1, y1, x2, y2], stroke, width);
  }

  polyline(points: readonly number[], stroke: string, width = 1): void {
    if (points.length < 4) return;
    const ctx = this.ctx;
    ctx.beginPath();
    ctx.moveTo(points[0], points[1]);
    for (let i = 2; i < points.length; i += 2) ctx.lineTo(points[i], points[i + 1]);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width;
    ctx.lineJoin = "round";
    ctx.stroke();
  }

  circle(cx: number, cy: number, r: number, fill: string, stroke: string | null = null, strokeWidth = 1): void {
    const ctx = this.ctx;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.fill();
    if (stroke !== null) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = strokeWidth;
      ctx.stroke();
    }
  }

  text(x: number, y: number, text: string, style: TextStyle = {}): void {
    const ctx = this.ctx;
    ctx.save();
    ctx.font = `${style.bold ? "600 " : ""}${style.size ?? 11}px ${FONT}`;
    ctx.fillStyle = style.color ?? "#333";
    ctx.textAlign = style.anchor === "middle" ? "center" : style.anchor === "end" ? "right" : "left";
    ctx.textBaseline = style.baseline ?? "alphabetic";
    ctx.translate(x, y);
    if (style.rotate) ctx.rotate((style.rotate * Math.PI) / 180);
    ctx.fillText(text, 0, 0);
    ctx.restore();
  }

  cells(x: number, y: number, w: number, h: number, cols: number, rows: number, rgb: CellColor): void {
    const scratch = (CanvasPainter.scratch ??= document.createElement("canvas"));
    if (scratch.width !== cols || scratch.height !== rows) {
      scratch.width = cols;
      scratch.height = rows;
    }
    const sctx = scratch.getContext("2d")!;
    sctx.putImageData(cellImage(sctx, cols, rows, rgb), 0, 0);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.imageSmoothingQuality = "low";
    this.ctx.drawImage(scratch, x, y, w, h);
  }

  clip(x: number, y: number, w: number, h: number): void {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(x, y, w, h);
    this.ctx.clip();
  }

  unclip(): void {
    this.ctx.restore();
  }
}

/** Images of the sizes cells are painted at, reused: a new one per frame would feed the garbage collector. */
const images = new Map<string, ImageData>();

/** The cells as an image, one pixel each (an image reused for every painting of this size). */
export function cellImage(ctx: CanvasRenderingContext2D, cols: number, rows: number, rgb: CellColor): ImageData {
  const key = `${cols}x${rows}`;
  let image = images.get(key);
  if (image === undefined) images.set(key, (image = ctx.createImageData(cols, rows)));
  const data = image.data;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const c = rgb(i, j);
      const k = 4 * (j * cols + i);
      data[k] = c >> 16;
      data[k + 1] = (c >> 8) & 255;
      data[k + 2] = c & 255;
      data[k + 3] = 255;
    }
  }
  return image;
}

/** Paints cells on a canvas of exactly cols × rows pixels (the page scales it), the cheapest way there is. */
export function paintCells(canvas: HTMLCanvasElement, cols: number, rows: number, rgb: CellColor): void {
  if (canvas.width !== cols || canvas.height !== rows) {
    canvas.width = cols;
    canvas.height = rows;
  }
  const ctx = canvas.getContext("2d")!;
  ctx.putImageData(cellImage(ctx, cols, rows, rgb), 0, 0);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const round = (x: number) => String(Math.round(x * 100) / 100);

function hex(c: number): string {
  return "#" + c.toString(16).padStart(6, "0");
}

/** Builds an SVG document. Text is escaped; nothing it holds is a script or a link. */
export class SvgPainter implements Painter {
  private readonly parts: string[] = [];
  private clips = 0;
  private open = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke: string | null = null, strokeWidth = 1): void {
    this.parts.push(`<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" fill="${fill ?? "none"}"${stroke !== null ? ` stroke="${stroke}" stroke-width="${strokeWidth}"` : ""}/>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1): void {
    this.parts.push(`<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${stroke}" stroke-width="${width}"/>`);
  }

  polyline(points: readonly number[], stroke: string, width = 1): void {
    if (points.length < 4) return;
    const list: string[] = [];
    for (let i = 0; i < points.length; i += 2) list.push(`${round(points[i])},${round(points[i + 1])}`);
    this.parts.push(`<polyline points="${list.join(" ")}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>`);
  }

  circle(cx: number, cy: number, r: number, fill: string, stroke: string | null = null, strokeWidth = 1): void {
    this.parts.push(`<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r)}" fill="${fill}"${stroke !== null ? ` stroke="${stroke}" stroke-width="${strokeWidth}"` : ""}/>`);
  }

  text(x: number, y: number, text: string, style: TextStyle = {}): void {
    const anchor = style.anchor ?? "start";
    const baseline = style.baseline === "top" ? "hanging" : style.baseline === "middle" ? "middle" : style.baseline === "bottom" ? "text-after-edge" : "alphabetic";
    const transform = style.rotate ? ` transform="rotate(${style.rotate} ${round(x)} ${round(y)})"` : "";
    this.parts.push(
      `<text x="${round(x)}" y="${round(y)}" font-size="${style.size ?? 11}"${style.bold ? ' font-weight="600"' : ""} fill="${style.color ?? "#333"}" text-anchor="${anchor}" dominant-baseline="${baseline}"${transform}>${escapeXml(text)}</text>`,
    );
  }

  cells(x: number, y: number, w: number, h: number, cols: number, rows: number, rgb: CellColor): void {
    const cw = w / cols;
    const ch = h / rows;
    this.parts.push('<g shape-rendering="crispEdges">');
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        this.parts.push(`<rect x="${round(x + i * cw)}" y="${round(y + j * ch)}" width="${round(cw + 0.05)}" height="${round(ch + 0.05)}" fill="${hex(rgb(i, j))}"/>`);
      }
    }
    this.parts.push("</g>");
  }

  clip(x: number, y: number, w: number, h: number): void {
    const id = `clip${++this.clips}`;
    this.parts.push(`<clipPath id="${id}"><rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}"/></clipPath><g clip-path="url(#${id})">`);
    this.open++;
  }

  unclip(): void {
    if (this.open > 0) {
      this.parts.push("</g>");
      this.open--;
    }
  }

  /** The SVG document. */
  toString(): string {
    while (this.open > 0) this.unclip();
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="DejaVu Sans, Verdana, sans-serif">\n` +
      `<rect width="100%" height="100%" fill="#ffffff"/>\n${this.parts.join("\n")}\n</svg>\n`
    );
  }
}
