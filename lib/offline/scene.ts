import "server-only";
import { COLOR_PALETTE_PRESETS, DEFAULTS, type ColorPalette, type Style } from "@/lib/fal/schema";

/**
 * Scene planning for the offline draft engine: turns prompt + seed into an SVG backdrop, a
 * placement for the character and a colour grade for it. Pure string and number work (no sharp),
 * so the look can be reasoned about and tested without decoding anything.
 */

export type Rgb = readonly [number, number, number];
export type Rng = () => number;
export interface Tint {
  rgb: Rgb;
  weight: number;
}

/** FNV-1a: stable across platforms and Node versions, unlike anything built on Math.random. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
const between = (r: Rng, a: number, b: number) => a + (b - a) * r();
const hex = (s: string): Rgb => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
const css = (c: Rgb) => `#${c.map((v) => clamp(Math.round(v), 0, 255).toString(16).padStart(2, "0")).join("")}`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)];
const luma = (c: Rgb) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
const scale = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];
const saturate = (c: Rgb, k: number): Rgb => mix([luma(c), luma(c), luma(c)], c, k);

// Two decimals keep the SVG small and identical across runs without visible rounding.
const f = (n: number) => (Math.round(n * 100) / 100).toString();
/** Path data with every interpolated number rounded: d`M${x} ${y}`. */
const d = (parts: TemplateStringsArray, ...values: number[]) =>
  parts.reduce((out, part, i) => out + part + (i < values.length ? f(values[i]!) : ""), "");
function el(tag: string, attrs: Record<string, string | number>, children = ""): string {
  const list = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? f(v) : v}"`)
    .join("");
  return children ? `<${tag}${list}>${children}</${tag}>` : `<${tag}${list}/>`;
}

// Each preset is a fixed, hand-picked set so a named palette always reads the same way.
const PRESETS: Record<(typeof COLOR_PALETTE_PRESETS)[number], string[]> = {
  EMBER: ["#b33a24", "#e0713a", "#f2b049", "#4a302a", "#f4dfc0"],
  FRESH: ["#6fd3b5", "#9fdcf5", "#c4e36e", "#f1f9f3", "#2f9a8c"],
  JUNGLE: ["#25563a", "#4c9445", "#9cc54a", "#e0c46c", "#6e4a2c"],
  MAGIC: ["#3a2668", "#7448c2", "#c276f0", "#f7a6d8", "#86e0f5"],
  MELON: ["#f48da0", "#ffc4a6", "#9fd283", "#f7efc8", "#e06479"],
  MOSAIC: ["#2672a8", "#e6b23e", "#c6503f", "#33917a", "#efe6d8"],
  PASTEL: ["#f5c3d2", "#c3e0f4", "#d3f0d8", "#fbefc0", "#dccff2"],
  ULTRAMARINE: ["#13277a", "#2552cf", "#4f8bf5", "#a6c6fb", "#e6eefc"],
};

export function paletteTints(palette?: ColorPalette): Tint[] {
  if (palette?.name) return PRESETS[palette.name].map((h) => ({ rgb: hex(h), weight: 0.6 }));
  return (palette?.members ?? []).map((m) => ({
    rgb: [m.rgb.r ?? 0, m.rgb.g ?? 0, m.rgb.b ?? 0],
    weight: m.color_weight ?? DEFAULTS.color_weight,
  }));
}

const CUES = {
  space: /\b(space|galaxy|galactic|planets?|astronauts?|cosmos|cosmic|nebula|orbit\w*|lunar)\b/,
  night: /\b(night\w*|midnight|moon\w*|stars?|starry|starlit|dark)\b/,
  sunset: /\b(sunsets?|sunrise|dawn|dusk|evening|twilight|golden hour)\b/,
  rain: /\b(rain\w*|storm\w*|drizzle|overcast)\b/,
  beach: /\b(beach\w*|seas?|seaside|ocean\w*|coast\w*|shore|island|surf\w*|waves?|lake)\b/,
  forest: /\b(forest\w*|woods?|woodland|trees?|jungle|rainforest|park|garden)\b/,
  jungle: /\b(jungle|tropical|rainforest|palms?)\b/,
  city: /\b(city|cities|streets?|office\w*|town|downtown|urban|buildings?|skyline|alley|road)\b/,
  neon: /\b(neon|cyberpunk)\b/,
  snow: /\b(snow\w*|winter\w*|icy|ice|frozen|arctic|blizzard)\b/,
  desert: /\b(desert|dunes?|sahara|canyon)\b/,
  mountain: /\b(mountain\w*|peaks?|alps|alpine|hills?|hiking)\b/,
} as const;
export type Cue = keyof typeof CUES;

/** Cues the prompt asks for, minus any the negative prompt names ("no trees" removes trees). */
export function readCues(prompt: string, negativePrompt = ""): Set<Cue> {
  const text = prompt.toLowerCase();
  const negative = negativePrompt.toLowerCase();
  return new Set((Object.keys(CUES) as Cue[]).filter((c) => CUES[c].test(text) && !CUES[c].test(negative)));
}

type Time = "day" | "sunset" | "night" | "space";
type Terrain = "grass" | "snow" | "desert" | "beach" | "street" | "lunar";
// Two sky variants per time of day (top, middle, horizon); each panel blends between them.
const SKIES: Record<Time | "rain", [string, string, string][]> = {
  day: [["#5e9fd6", "#9ccbec", "#e4f0f1"], ["#6cace0", "#b0d6ee", "#f1eedf"]],
  rain: [["#7d8c9c", "#a3afba", "#c9d0d4"], ["#8694a0", "#aab4bc", "#d3d6d3"]],
  sunset: [["#414c88", "#d2848b", "#f7c98c"], ["#5a4c8e", "#e59b80", "#fad7a0"]],
  night: [["#0a1029", "#18244b", "#33467a"], ["#0c0f2b", "#1e2150", "#3b3d76"]],
  space: [["#03040b", "#0b0d22", "#1c1840"], ["#05030e", "#120b26", "#2a1540"]],
};
// How the time of day lights the ground and props: mix toward a light colour, then dim.
const LIGHT: Record<Time, { tint: string; amount: number; gain: number }> = {
  day: { tint: "#ffffff", amount: 0, gain: 1 },
  sunset: { tint: "#f0a070", amount: 0.2, gain: 0.93 },
  night: { tint: "#2a3c78", amount: 0.5, gain: 0.5 },
  space: { tint: "#3a3560", amount: 0.15, gain: 0.8 },
};
// The same light on the character, gentler than on the scene so the character stays readable.
const GRADE: Record<Time | "rain", { multiply: Rgb; add: Rgb }> = {
  day: { multiply: [1, 1, 1], add: [0, 0, 0] },
  rain: { multiply: [0.9, 0.93, 0.97], add: [0, 2, 6] },
  sunset: { multiply: [1, 0.92, 0.84], add: [10, 5, 0] },
  night: { multiply: [0.8, 0.82, 0.94], add: [8, 10, 22] },
  space: { multiply: [0.86, 0.86, 0.96], add: [0, 0, 8] },
};
const GROUND: Record<Terrain, [string, string]> = {
  grass: ["#a7cf86", "#6fa456"],
  snow: ["#eef3f8", "#d3dfeb"],
  desert: ["#eccb93", "#d7a66a"],
  beach: ["#efdcb2", "#dec194"],
  street: ["#b9b5ae", "#8d8c8f"],
  lunar: ["#9a99a6", "#5f5e6b"],
};
const NEON = ["#ff6fb0", "#62e4ff", "#b996ff", "#ffd56a"];

export interface CharacterPlacement {
  left: number;
  top: number;
  width: number;
  height: number;
  flip: boolean;
}
export interface PanelPlan {
  background: string;
  /** Full-frame SVG drawn over the character (the REALISTIC vignette), or null. */
  overlay: string | null;
  character: CharacterPlacement;
  grade: { multiply: Rgb; add: Rgb; saturation: number };
}
export interface PlanInput {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  width: number;
  height: number;
  /** Width / height of the cut-out character. */
  aspect: number;
  style?: Style;
  tints: Tint[];
}

/** Everything the drawing helpers share for one panel. */
interface Scene {
  r: Rng;
  W: number;
  H: number;
  /** Horizon y. */
  hz: number;
  /** 1 at 1024 px: scales strokes and small details with the panel. */
  u: number;
  time: Time;
  rainy: boolean;
  terrain: Terrain;
  cues: Set<Cue>;
  style: Style;
  sky: Rgb[];
  defs: string[];
  /** A base colour after palette tint (picked by `role`), time-of-day light and style. */
  paint: (base: string | Rgb, role: number, lit?: boolean) => string;
}

/** Distant things fade toward the horizon colour, which sells depth cheaply. */
const haze = (s: Scene, base: string, role: number, k: number) => css(mix(hex(s.paint(base, role)), s.sky[2]!, k));
const skyAt = (s: Scene, y: number): Rgb => {
  const t = clamp(y / s.hz, 0, 1) * 2;
  return mix(s.sky[Math.floor(t)] ?? s.sky[2]!, s.sky[Math.min(2, Math.floor(t) + 1)]!, t % 1);
};

function gradient(id: string, colours: Rgb[], style: Style, y1: number, y2: number): string {
  // FICTION posterizes into hard bands; REALISTIC adds in-between stops for a smoother falloff.
  const n = colours.length;
  const at = (t: number) => css(mix(colours[Math.floor(t)]!, colours[Math.min(n - 1, Math.floor(t) + 1)]!, t % 1));
  let stops = "";
  if (style === "FICTION") {
    for (let b = 0; b < 5; b++) {
      const col = at((b / 4) * (n - 1));
      stops += el("stop", { offset: b / 5, "stop-color": col }) + el("stop", { offset: (b + 1) / 5, "stop-color": col });
    }
  } else {
    const steps = style === "REALISTIC" ? 8 : n - 1;
    for (let i = 0; i <= steps; i++) stops += el("stop", { offset: i / steps, "stop-color": at((i / steps) * (n - 1)) });
  }
  return el("linearGradient", { id, gradientUnits: "userSpaceOnUse", x1: 0, y1, x2: 0, y2 }, stops);
}

function planCharacter(s: Scene, aspect: number): CharacterPlacement {
  const { r, W, H, hz } = s;
  const depth = r();
  const feetY = lerp(hz + 0.45 * (H - hz), H * 0.95, depth);
  // Draw the scale within what fits, so wide characters still vary instead of pinning to the cap.
  const fits = Math.min(H * 0.75, feetY - H * 0.05, (W * 0.75) / aspect);
  const t = 0.5 * depth + 0.5 * r();
  const h = Math.max(8, fits > H * 0.35 ? lerp(H * 0.35, fits, t) : fits * lerp(0.75, 1, t));
  const w = Math.max(8, Math.round(h * aspect));
  const third = Math.floor(r() * 3);
  const cx = (W * (2 * third + 1)) / 6 + (r() - 0.5) * W * 0.08;
  const margin = W * 0.03;
  const left = w > W - 2 * margin ? (W - w) / 2 : clamp(cx - w / 2, margin, W - margin - w);
  return { left: Math.round(left), top: Math.round(feetY - h), width: w, height: Math.round(h), flip: r() < 0.4 };
}

/** Stars, then the sun, moon or a ringed planet. Returns where the light comes from. */
function drawSky(s: Scene, out: string[]): number {
  const { r, W, hz, u, time } = s;
  const m = Math.min(W, s.H);
  out.push(el("rect", { width: W, height: hz + 2, fill: "url(#sky)" }));
  if (time === "night" || time === "space") {
    for (let i = 0, n = time === "space" ? 160 : 90; i < n; i++) {
      const [cx, cy, big] = [r() * W, r() * hz * 0.92, r() < 0.1];
      out.push(el("circle", { cx, cy, r: u * between(r, 0.6, big ? 2.6 : 1.6), fill: "#fffbea", "fill-opacity": between(r, 0.35, 0.95) }));
    }
  }
  const x = W * between(r, 0.12, 0.88);
  if (time === "space") {
    const [pr, py] = [m * between(r, 0.12, 0.2), hz * between(r, 0.25, 0.45)];
    const stops = el("stop", { offset: 0, "stop-color": s.paint("#e7a86b", 2, false) }) + el("stop", { offset: 1, "stop-color": s.paint("#7a3f6e", 3, false) });
    s.defs.push(el("linearGradient", { id: "planet", x1: 0, y1: 0, x2: 1, y2: 1 }, stops));
    // The ring's far half goes behind the planet and its near half in front.
    const ringStyle = { fill: "none", stroke: s.paint("#f3d8a8", 4, false), "stroke-opacity": 0.8, "stroke-width": pr * 0.07 };
    const ring = (side: number) => el("path", { d: d`M${x + side * pr * 1.7} ${py}A${pr * 1.7} ${pr * 0.35} 0 0 1 ${x - side * pr * 1.7} ${py}`, ...ringStyle });
    const planet = el("circle", { cx: x, cy: py, r: pr, fill: "url(#planet)" });
    out.push(el("g", { transform: `rotate(${f(between(r, -20, 20))} ${f(x)} ${f(py)})` }, ring(-1) + planet + ring(1)));
    return x;
  }
  if (s.rainy) return x;
  const sunset = time === "sunset";
  const sr = m * (sunset ? between(r, 0.07, 0.1) : between(r, 0.04, 0.06));
  const y = sunset ? hz - sr * between(r, 0.3, 1.4) : hz * between(r, 0.14, 0.4);
  const glow = time === "night" ? "#dfe6ff" : sunset ? "#ffd7a0" : "#fff6d5";
  const glowStops = el("stop", { offset: 0, "stop-color": glow, "stop-opacity": 0.55 }) + el("stop", { offset: 1, "stop-color": glow, "stop-opacity": 0 });
  s.defs.push(el("radialGradient", { id: "glow" }, glowStops));
  out.push(el("circle", { cx: x, cy: y, r: sr * (sunset ? 3.2 : 3), fill: "url(#glow)" }));
  if (time !== "night") {
    out.push(el("circle", { cx: x, cy: y, r: sr, fill: sunset ? "#ffe0a3" : "#fff4cf" }));
  } else if (r() < 0.55) {
    // A crescent as two arcs, not a sky-coloured disc, which would show against the glow.
    const side = r() < 0.5 ? 0 : 1;
    const inner = sr * between(r, 0.15, 0.55);
    out.push(el("path", { d: d`M${x} ${y - sr}A${sr} ${sr} 0 1 ${side} ${x} ${y + sr}A${inner} ${sr} 0 1 ${1 - side} ${x} ${y - sr}Z`, fill: "#f3efd9" }));
  } else {
    out.push(el("circle", { cx: x, cy: y, r: sr, fill: "#f3efd9" }));
    for (let k = 0; k < 3; k++) {
      const [cx, cy] = [x + sr * between(r, -0.5, 0.5), y + sr * between(r, -0.5, 0.5)];
      out.push(el("circle", { cx, cy, r: sr * between(r, 0.1, 0.22), fill: "#cfc8ad", "fill-opacity": 0.6 }));
    }
  }
  return x;
}

function drawClouds(s: Scene, out: string[]): void {
  const { r, W, hz, time, rainy } = s;
  if (time === "space") return;
  const n = rainy ? 7 : time === "night" ? 2 : 2 + Math.floor(r() * 3);
  const base = hex(rainy ? "#8f9aa5" : time === "night" ? "#34416b" : time === "sunset" ? "#f6c1ad" : "#ffffff");
  for (let i = 0; i < n; i++) {
    const [x, y, w] = [W * between(r, -0.05, 1.05), hz * between(r, 0.1, rainy ? 0.45 : 0.6), Math.min(W, s.H) * between(r, 0.16, rainy ? 0.5 : 0.3)];
    // Opaque fills pre-mixed with the sky: per-element opacity is slow in librsvg.
    const fill = css(mix(base, skyAt(s, y), 0.18));
    out.push(el("ellipse", { cx: x, cy: y, rx: w / 2, ry: w * 0.12, fill }));
    const bumps = 3 + Math.floor(r() * 3);
    for (let b = 0; b < bumps; b++) {
      const br = w * between(r, 0.12, 0.22) * (1 - Math.abs(b / (bumps - 1) - 0.5));
      out.push(el("circle", { cx: x - w * 0.32 + (w * 0.64 * b) / (bumps - 1), cy: y - br * 0.5, r: br + w * 0.05, fill }));
    }
  }
}

function hills(s: Scene, base: number, amp: number, n: number, fill: string): string {
  const pts = Array.from({ length: n + 1 }, (_, i) => [(s.W * i) / n, base - amp * (0.3 + 0.7 * s.r())] as const);
  let path = d`M0 ${s.H}L0 ${pts[0]![1]}`;
  for (let i = 0; i < n; i++) {
    const [[x0, y0], [x1, y1]] = [pts[i]!, pts[i + 1]!];
    path += d`Q${x0} ${y0} ${(x0 + x1) / 2} ${(y0 + y1) / 2}`;
  }
  return el("path", { d: path + d`L${s.W} ${pts[n]![1]}L${s.W} ${s.H}Z`, fill });
}

function skyline(s: Scene, far: boolean): string {
  const { r, W, H, hz, u } = s;
  const night = s.time === "night" || s.time === "space";
  const body = far ? s.paint(night ? "#2a3558" : "#a9b7c8", 3) : s.paint(night ? "#1b2238" : "#7d8ca0", 4);
  const lit = s.paint(night ? "#ffd88a" : "#dfe8f0", 6, false);
  let out = "";
  for (let x = -r() * W * 0.05; x < W; ) {
    const bw = W * between(r, 0.06, 0.12);
    const bh = H * (far ? between(r, 0.1, 0.2) : between(r, 0.12, 0.3));
    out += el("rect", { x, y: hz - bh, width: bw - u * 3, height: bh + 2, fill: body });
    if (!far) {
      const ws = 7 * u;
      for (let wy = hz - bh + ws * 1.4; wy < hz - ws * 1.5; wy += ws * 2.3) {
        for (let wx = x + ws; wx < x + bw - ws * 2; wx += ws * 2) {
          if (r() < (night ? 0.5 : 0.8)) out += el("rect", { x: wx, y: wy, width: ws, height: ws * 1.2, fill: lit, "fill-opacity": between(r, 0.5, 1) });
        }
      }
      if (s.cues.has("neon") && r() < 0.6) {
        const stroke = NEON[Math.floor(r() * NEON.length)]!;
        const [sw, sh] = r() < 0.5 ? [u * 30, bh * 0.45] : [bw * 0.7, u * 36];
        const sign = { x: x + (bw - sw) / 2, y: hz - bh * 0.85, width: sw, height: sh, rx: u * 8, fill: "none", stroke };
        out += el("rect", { ...sign, "stroke-width": u * 14, "stroke-opacity": 0.22 }) + el("rect", { ...sign, "stroke-width": u * 4 });
      }
    }
    x += bw;
  }
  return out;
}

/** Mountains, skyline or rolling hills between the sky and the ground. */
function drawDistance(s: Scene, out: string[]): void {
  const { r, W, H, hz, terrain, cues } = s;
  if (cues.has("mountain") || terrain === "snow" || (terrain === "grass" && !cues.has("city") && r() < 0.35)) {
    const peaks = 3 + Math.floor(r() * 3);
    let ridge = d`M0 ${hz}`;
    const caps: string[] = [];
    const capFill = haze(s, "#f4f7fb", 7, 0.25);
    for (let i = 0; i <= peaks * 2; i++) {
      const x = (W * i) / (peaks * 2);
      const y = hz - H * (i % 2 ? between(r, 0.12, 0.26) : between(r, 0.02, 0.07));
      ridge += d`L${x} ${y}`;
      const [cw, ch] = [W * 0.035, H * 0.04];
      if (i % 2) caps.push(el("path", { d: d`M${x - cw} ${y + ch}L${x} ${y}L${x + cw} ${y + ch}L${x + cw / 3} ${y + ch * 0.8}L${x - cw / 3.5} ${y + ch * 1.1}Z`, fill: capFill }));
    }
    out.push(el("path", { d: ridge + d`L${W} ${hz}Z`, fill: haze(s, "#7d8aa3", 3, 0.45) }));
    if (terrain === "snow" || r() < 0.5) out.push(...caps);
  }
  if (cues.has("city")) out.push(skyline(s, true), skyline(s, false));
  else if (terrain !== "beach" && terrain !== "street") {
    const base = { snow: "#dfe7ef", desert: "#e3bd86", lunar: "#8f8e9c", grass: cues.has("forest") ? "#6f9f5d" : "#9cc784" }[terrain];
    out.push(hills(s, hz + 2, H * 0.06, 4, haze(s, base, 2, 0.35)));
  }
}

/** Sea and sand for beaches: an island, a sailboat and gulls, each only sometimes. */
function drawSea(s: Scene, out: string[]): number {
  const { r, W, H, hz, u } = s;
  const m = Math.min(W, H);
  const seaH = H * between(r, 0.05, 0.1);
  s.defs.push(gradient("sea", [hex(s.paint("#7cc4d6", 1)), hex(s.paint("#3a8fb0", 1))], s.style, hz, hz + seaH));
  if (r() < 0.5) out.push(el("ellipse", { cx: W * between(r, 0.1, 0.9), cy: hz, rx: W * between(r, 0.08, 0.18), ry: H * 0.025, fill: haze(s, "#5f9a62", 5, 0.5) }));
  out.push(el("rect", { y: hz, width: W, height: seaH + 4, fill: "url(#sea)" }));
  if (r() < 0.6) {
    const [x, y, b] = [W * between(r, 0.1, 0.9), hz + seaH * between(r, 0.35, 0.6), m * between(r, 0.03, 0.045)];
    out.push(el("path", { d: d`M${x - b} ${y}H${x + b}L${x + b * 0.7} ${y + b * 0.3}H${x - b * 0.7}Z`, fill: s.paint("#7a5a44", 9) }));
    out.push(el("path", { d: d`M${x} ${y - u * 2}V${y - b * 1.8}L${x + b * 0.9} ${y - u * 2}Z`, fill: "#fbf8ef" }));
    out.push(el("path", { d: d`M${x - u * 3} ${y - u * 2}V${y - b * 1.3}L${x - b * 0.6} ${y - u * 2}Z`, fill: "#efe9dc" }));
  }
  for (let i = 0, n = r() < 0.6 ? 2 + Math.floor(r() * 3) : 0; i < n; i++) {
    const [x, y, g] = [W * between(r, 0.1, 0.9), hz * between(r, 0.2, 0.6), m * between(r, 0.01, 0.018)];
    const wings = d`M${x - g} ${y}Q${x - g / 2} ${y - g * 0.7} ${x} ${y}Q${x + g / 2} ${y - g * 0.7} ${x + g} ${y}`;
    out.push(el("path", { d: wings, fill: "none", stroke: "#4a5566", "stroke-width": u * 2.5, "stroke-linecap": "round" }));
  }
  for (let i = 0; i < 14; i++) {
    const glint = { x: r() * W, y: hz + r() * seaH * 0.8, width: m * between(r, 0.02, 0.06), height: u * 2.5, rx: u };
    out.push(el("rect", { ...glint, fill: "#ffffff", "fill-opacity": 0.45 }));
  }
  return hz + seaH;
}

function drawStreet(s: Scene, out: string[]): void {
  const { r, W, H, hz, u, time } = s;
  const kerb = hz + (H - hz) * 0.28;
  out.push(el("rect", { y: kerb, width: W, height: H - kerb, fill: s.paint("#6c6d73", 6) }));
  out.push(el("rect", { y: kerb, width: W, height: u * 8, fill: s.paint("#d6d2ca", 5) }));
  const laneY = kerb + (H - kerb) * 0.5;
  for (let x = -r() * W * 0.1; x < W; x += W * 0.16) out.push(el("rect", { x, y: laneY, width: W * 0.08, height: u * 7, fill: s.paint("#f1e4b5", 7) }));
  if (s.cues.has("neon") && time === "night") {
    for (let i = 0; i < 7; i++) {
      const glow = { x: r() * W, y: between(r, kerb + u * 12, H), width: W * between(r, 0.05, 0.18), height: u * 3, rx: u };
      out.push(el("rect", { ...glow, fill: NEON[i % 3]!, "fill-opacity": 0.28 }));
    }
  }
  const lit = time === "night" || time === "sunset";
  if (lit) {
    const stops = el("stop", { offset: 0, "stop-color": "#ffe2a0", "stop-opacity": 0.6 }) + el("stop", { offset: 1, "stop-color": "#ffe2a0", "stop-opacity": 0 });
    s.defs.push(el("radialGradient", { id: "lamp" }, stops));
  }
  const pole = s.paint("#3b3f4a", 8);
  for (const x of [W * between(r, 0.04, 0.2), W * between(r, 0.8, 0.96)]) {
    const lh = kerb - hz + H * between(r, 0.1, 0.18);
    const top = kerb - lh;
    out.push(el("rect", { x: x - u * 4, y: top, width: u * 8, height: lh + u * 4, fill: pole }));
    out.push(el("rect", { x: x - u * 18, y: top - u * 8, width: u * 36, height: u * 12, rx: u * 5, fill: pole }));
    if (lit) out.push(el("circle", { cx: x, cy: top + u * 6, r: u * 70, fill: "url(#lamp)" }), el("ellipse", { cx: x, cy: top + u * 4, rx: u * 14, ry: u * 5, fill: "#fff1c8" }));
  }
}

function conifer(s: Scene, x: number, y: number, h: number, fill: string, snowy: boolean): string {
  let out = el("rect", { x: x - h * 0.035, y: y - h * 0.16, width: h * 0.07, height: h * 0.16, fill: s.paint("#5b4030", 9) });
  for (let t = 0; t < 3; t++) {
    const base = y - h * (0.12 + t * 0.24);
    const w = h * (0.3 - t * 0.07);
    const top = base - h * 0.4;
    out += el("path", { d: d`M${x - w} ${base}L${x} ${top}L${x + w} ${base}Z`, fill });
    const [cw, cy] = [w * 0.45, top + h * 0.18];
    if (snowy) out += el("path", { d: d`M${x - cw} ${cy}L${x} ${top}L${x + cw} ${cy}Q${x} ${top + h * 0.13} ${x - cw} ${cy}Z`, fill: "#f4f7fb" });
  }
  return out;
}

function leafy(s: Scene, x: number, y: number, h: number, fill: string, light: string): string {
  const cy = y - h * 0.66;
  return (
    el("rect", { x: x - h * 0.04, y: y - h * 0.5, width: h * 0.08, height: h * 0.5, fill: s.paint("#6b4a32", 9) }) +
    el("circle", { cx: x - h * 0.16, cy: cy + h * 0.06, r: h * 0.22, fill }) +
    el("circle", { cx: x + h * 0.17, cy: cy + h * 0.07, r: h * 0.2, fill }) +
    el("circle", { cx: x, cy: cy - h * 0.08, r: h * 0.26, fill }) +
    el("circle", { cx: x - h * 0.07, cy: cy - h * 0.15, r: h * 0.12, fill: light })
  );
}

function palm(s: Scene, x: number, y: number, h: number, lean: number): string {
  const [tx, ty] = [x + lean * h * 0.3, y - h];
  const trunk = d`M${x} ${y}Q${x + lean * h * 0.05} ${y - h * 0.6} ${tx} ${ty}`;
  let out = el("path", { d: trunk, stroke: s.paint("#8a6a48", 9), "stroke-width": h * 0.05, fill: "none", "stroke-linecap": "round" });
  const leaf = s.paint("#3f8a4a", 5);
  for (const a of [-2.6, -2.0, -1.3, -0.6, 0, 0.6, -1.65]) {
    const [ex, ey] = [tx + Math.cos(a) * h * 0.42, ty + Math.sin(a) * h * 0.22 + h * 0.14];
    const [mx, my] = [tx + Math.cos(a) * h * 0.22, ty + Math.sin(a) * h * 0.3 - h * 0.04];
    out += el("path", { d: d`M${tx} ${ty}Q${mx} ${my - h * 0.06} ${ex} ${ey}Q${mx} ${my + h * 0.04} ${tx} ${ty}Z`, fill: leaf });
  }
  return out;
}

/** Trees, palms and ground texture, sorted far to near so nearer things overlap farther ones. */
function drawDressing(s: Scene, out: string[], groundTop: number, character: CharacterPlacement): void {
  const { r, W, H, hz, u, terrain, cues } = s;
  const items: { y: number; svg: string }[] = [];
  const clear = (x: number, w: number) => x + w < character.left - W * 0.02 || x - w > character.left + character.width + W * 0.02;
  const snowy = terrain === "snow";
  if (cues.has("forest") || cues.has("jungle") || snowy || (terrain === "grass" && r() < 0.5)) {
    const dense = cues.has("forest") || cues.has("jungle");
    const treeFill = snowy ? "#3f6e58" : cues.has("jungle") ? "#2f7a3e" : "#3e7a4a";
    for (let i = 0, n = dense ? 30 : 6; i < n; i++) {
      const x = W * between(r, -0.02, 1.02);
      const near = dense && i % 3 === 0 ? between(r, 0.02, 0.12) : 0;
      const [y, h, k] = [hz + 3 + (H - hz) * near, H * between(r, 0.08, 0.2) * (1 + near * 3), 0.3 - near * 2];
      const round = !snowy && (cues.has("jungle") || r() < 0.4);
      items.push({ y, svg: round ? leafy(s, x, y, h, haze(s, treeFill, 5, k), haze(s, "#7bb36a", 6, k)) : conifer(s, x, y, h, haze(s, treeFill, 5, k), snowy) });
    }
    // A few big foreground trees, kept clear of the character so it is never hidden or crowded.
    for (let i = 0, n = dense ? 3 : 1; i < n; i++) {
      const [x, h, y] = [W * between(r, 0.02, 0.98), H * between(r, 0.35, 0.55), hz + (H - hz) * between(r, 0.2, 0.7)];
      const round = !snowy && (cues.has("jungle") || r() < 0.5);
      if (clear(x, h * 0.3)) items.push({ y, svg: round ? leafy(s, x, y, h, s.paint(treeFill, 5), s.paint("#6aa85d", 6)) : conifer(s, x, y, h, s.paint(treeFill, 5), snowy) });
    }
  }
  if (terrain === "beach" || (cues.has("jungle") && !snowy)) {
    for (let i = 0, n = 1 + Math.floor(r() * 2); i < n; i++) {
      const x = W * (r() < 0.5 ? between(r, 0.02, 0.2) : between(r, 0.8, 0.98));
      const y = groundTop + (H - groundTop) * between(r, 0.15, 0.5);
      if (clear(x, H * 0.08)) items.push({ y, svg: palm(s, x, y, H * between(r, 0.35, 0.5), x < W / 2 ? 0.5 : -0.5) });
    }
  }
  if (terrain !== "beach" && terrain !== "street") {
    const tuft = s.paint({ grass: "#4d8a3f", snow: "#c4d3e2", desert: "#c29258", lunar: "#4b4a56" }[terrain], 6);
    for (let i = 0; i < 26; i++) {
      const x = r() * W;
      const y = between(r, groundTop + (H - groundTop) * 0.1, H);
      const z = u * (4 + 10 * ((y - hz) / (H - hz)));
      let svg: string;
      if (terrain === "grass") svg = el("path", { d: d`M${x - z} ${y}L${x - z * 0.5} ${y - z * 1.6}L${x} ${y}L${x + z * 0.4} ${y - z * 2}L${x + z} ${y}Z`, fill: tuft });
      else if (terrain === "lunar") {
        const rim = d`M${x - z * 2.6} ${y}A${z * 2.6} ${z * 0.7} 0 0 0 ${x + z * 2.6} ${y}`;
        svg = el("ellipse", { cx: x, cy: y, rx: z * 2.6, ry: z * 0.7, fill: tuft, "fill-opacity": 0.55 }) + el("path", { d: rim, fill: "none", stroke: "#c9c8d4", "stroke-opacity": 0.5, "stroke-width": u * 2 });
      } else svg = el("ellipse", { cx: x, cy: y, rx: z * 1.8, ry: z * 0.35, fill: tuft, "fill-opacity": 0.7 });
      items.push({ y, svg });
      if (terrain === "grass" && s.time === "day" && r() < 0.3) items.push({ y, svg: el("circle", { cx: x + z * 2, cy: y - z, r: z * 0.35, fill: s.paint(["#ffffff", "#ffd86b", "#f7a1b5"][i % 3]!, 8, false) }) });
    }
  }
  items.sort((p, q) => p.y - q.y);
  out.push(...items.map((i) => i.svg));
}

/** A contact shadow under the feet plus a longer, fainter one cast away from the light. */
function drawShadow(s: Scene, out: string[], character: CharacterPlacement, lightX: number): void {
  const feet = character.top + character.height;
  const cx = character.left + character.width / 2;
  const w = character.width;
  const soft = s.style === "REALISTIC" ? 0.2 : s.style === "FICTION" ? 0.7 : 0.4;
  const strength = s.time === "night" ? 0.5 : 0.38;
  const stops = [
    el("stop", { offset: 0, "stop-color": "#000", "stop-opacity": strength }),
    el("stop", { offset: soft, "stop-color": "#000", "stop-opacity": strength * 0.8 }),
    el("stop", { offset: 1, "stop-color": "#000", "stop-opacity": 0 }),
  ];
  s.defs.push(el("radialGradient", { id: "shadow" }, stops.join("")));
  const away = lightX < cx ? 1 : -1;
  out.push(el("ellipse", { cx: cx + away * w * 0.18, cy: feet - w * 0.02, rx: w * 0.62, ry: w * 0.07, fill: "url(#shadow)", "fill-opacity": 0.6 }));
  out.push(el("ellipse", { cx, cy: feet - w * 0.015, rx: w * 0.48, ry: w * 0.06, fill: "url(#shadow)" }));
}

function drawWeather(s: Scene, out: string[]): void {
  const { r, W, H, u } = s;
  if (s.rainy) {
    for (let i = 0; i < 90; i++) {
      const [x, y] = [r() * W, r() * H];
      out.push(el("path", { d: d`M${x} ${y}l${-u * 6} ${u * 26}`, stroke: "#e8eef5", "stroke-opacity": 0.35, "stroke-width": u * 2 }));
    }
  } else if (s.terrain === "snow") {
    for (let i = 0; i < 70; i++) {
      const [x, y] = [r() * W, r() * H];
      out.push(el("circle", { cx: x, cy: y, r: u * between(r, 1.5, 4), fill: "#ffffff", "fill-opacity": between(r, 0.5, 0.9) }));
    }
  }
}

const svgRoot = (W: number, H: number, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${body}</svg>`;

export function planPanel(input: PlanInput): PanelPlan {
  const style: Style = input.style ?? "AUTO";
  const cues = readCues(input.prompt, input.negativePrompt);
  const r = mulberry32(hashString(`${input.prompt}\u0000${input.negativePrompt ?? ""}`) ^ Math.imul(input.seed, 0x9e3779b1));
  const { width: W, height: H } = input;
  const time: Time = cues.has("space") ? "space" : cues.has("night") ? "night" : cues.has("sunset") ? "sunset" : "day";
  const rainy = cues.has("rain") && time !== "space";
  const terrain: Terrain =
    time === "space" ? "lunar" : cues.has("beach") ? "beach" : cues.has("snow") ? "snow" : cues.has("desert") ? "desert" : cues.has("city") ? "street" : "grass";
  const hz = Math.round(H * between(r, 0.5, 0.64));
  // Rotating which palette colour feeds which role gives each variation its own colour balance.
  const rotation = Math.floor(r() * 97);
  const light = LIGHT[time];
  const paint = (base: string | Rgb, role: number, lit = true): string => {
    let col = typeof base === "string" ? hex(base) : base;
    const tint = input.tints[(role + rotation) % Math.max(1, input.tints.length)];
    if (tint) {
      const m = mix(col, tint.rgb, 0.2 + 0.45 * tint.weight);
      // Keep most of the original lightness so a palette recolours the scene without turning day into night.
      col = scale(m, lerp(luma(col), luma(m), 0.3) / Math.max(1, luma(m)));
    }
    if (lit) col = scale(mix(col, hex(light.tint), light.amount), rainy ? light.gain * 0.88 : light.gain);
    return css(saturate(col, style === "FICTION" ? 1.3 : style === "REALISTIC" ? 0.88 : 1));
  };
  const [skyA, skyB] = SKIES[rainy ? "rain" : time] as [[string, string, string], [string, string, string]];
  const skyMix = r();
  const sky = [0, 1, 2].map((i) => hex(paint(mix(hex(skyA[i]!), hex(skyB[i]!), skyMix), i, false)));
  const s: Scene = { r, W, H, hz, u: Math.min(W, H) / 1024, time, rainy, terrain, cues, style, sky, defs: [gradient("sky", sky, style, 0, hz)], paint };

  const character = planCharacter(s, input.aspect);
  const out: string[] = [];
  const lightX = drawSky(s, out);
  drawClouds(s, out);
  drawDistance(s, out);
  const groundTop = terrain === "beach" ? drawSea(s, out) : hz;
  const ground = cues.has("jungle") && terrain === "grass" ? ["#6aa552", "#3c7a3a"] : cues.has("forest") && terrain === "grass" ? ["#82b26a", "#4f8446"] : GROUND[terrain];
  s.defs.push(gradient("ground", [hex(paint(ground[0]!, 5)), hex(paint(ground[1]!, 6))], style, groundTop, H));
  if (terrain === "beach") {
    // Foam first, then sand offset below it, both following the same scalloped shoreline.
    const shore = (dy: number) => {
      let path = d`M0 ${groundTop + dy}`;
      for (let x = 0; x < W; x += W / 8) path += d`Q${x + W / 16} ${groundTop + dy - s.u * 10} ${x + W / 8} ${groundTop + dy}`;
      return path + d`V${H}H0Z`;
    };
    out.push(el("path", { d: shore(0), fill: "#fbfbf4", "fill-opacity": 0.9 }), el("path", { d: shore(s.u * 6), fill: "url(#ground)" }));
  } else out.push(el("rect", { y: groundTop, width: W, height: H - groundTop, fill: "url(#ground)" }));
  if (terrain === "street") drawStreet(s, out);
  drawDressing(s, out, groundTop, character);
  drawShadow(s, out, character, lightX);
  drawWeather(s, out);

  const vignetteStops = el("stop", { offset: 0.55, "stop-color": "#000", "stop-opacity": 0 }) + el("stop", { offset: 1, "stop-color": "#000", "stop-opacity": 0.32 });
  const vignette = el("defs", {}, el("radialGradient", { id: "v", cx: 0.5, cy: 0.5, r: 0.75 }, vignetteStops)) + el("rect", { width: W, height: H, fill: "url(#v)" });
  return {
    background: svgRoot(W, H, el("defs", {}, s.defs.join("")) + out.join("")),
    overlay: style === "REALISTIC" ? svgRoot(W, H, vignette) : null,
    character,
    grade: { ...GRADE[rainy ? "rain" : time], saturation: style === "FICTION" ? 1.08 : style === "REALISTIC" ? 0.95 : 1 },
  };
}

/** Opaque so the badge reads on any scene; tests sample it to find the badge. */
export const BADGE_FILL = "#222a3a";
// Block letters on a 3.6 x 5 grid, stroked rather than filled so one width serves every size.
const LETTERS = [
  "M0 0H1.9Q3.6 0 3.6 2.5Q3.6 5 1.9 5H0Z",
  "M0 5V0H2Q3.5 0 3.5 1.4Q3.5 2.8 2 2.8H0M1.9 2.8L3.5 5",
  "M0 5L1.8 0L3.6 5M0.7 3.3H2.9",
  "M3.3 0H0V5M0 2.5H2.7",
  "M0 0H3.6M1.8 0V5",
];

/** "DRAFT" drawn from strokes, never text: a fresh CI machine may have no fonts at all. */
export function draftBadge(width: number, height: number) {
  const u = Math.max(1.8, Math.min(width, height) * 0.0044);
  const [w, h] = [Math.ceil(29.4 * u), Math.ceil(9.6 * u)];
  const inset = Math.round(Math.min(width, height) * 0.025);
  const glyphs = LETTERS.map((path, i) => el("path", { transform: `translate(${i * 5} 0)`, d: path })).join("");
  const plate = el("rect", { x: u * 0.25, y: u * 0.25, width: w - u * 0.5, height: h - u * 0.5, rx: u * 2.2, fill: BADGE_FILL, stroke: "#f5f1e6", "stroke-opacity": 0.5, "stroke-width": u * 0.5 });
  const text = el(
    "g",
    { transform: `translate(${f(u * 2.9)} ${f(u * 2.3)}) scale(${f(u)})`, fill: "none", stroke: "#f5f1e6", "stroke-width": 1.1, "stroke-linecap": "round", "stroke-linejoin": "round" },
    glyphs,
  );
  return { svg: svgRoot(w, h, plate + text), left: inset, top: inset, width: w, height: h, unit: u };
}
