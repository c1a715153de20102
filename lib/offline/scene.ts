import { COLOR_PALETTE_PRESETS, DEFAULTS, type ColorPalette, type Style } from "@/lib/fal/schema";

/**
 * Scene planning for the offline draft engine: turns prompt + seed into an SVG backdrop, a
 * placement for the character and a colour grade. Pure string/number work (no sharp) so the
 * look can be reasoned about, and tested, without decoding anything.
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
const hex = (s: string): Rgb => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as unknown as Rgb;
const css = (c: Rgb) => `#${c.map((v) => clamp(Math.round(v), 0, 255).toString(16).padStart(2, "0")).join("")}`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)];
const luma = (c: Rgb) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
const scale = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];
const saturate = (c: Rgb, k: number): Rgb => mix([luma(c), luma(c), luma(c)], c, k);
const f = (n: number) => (Math.round(n * 10) / 10).toString();

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
  const names = Object.keys(CUES) as Cue[];
  return new Set(names.filter((c) => CUES[c].test(text) && !CUES[c].test(negative)));
}

type Time = "day" | "sunset" | "night" | "space";
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
const GRADE: Record<Time | "rain", { multiply: Rgb; add: Rgb }> = {
  day: { multiply: [1, 1, 1], add: [0, 0, 0] },
  rain: { multiply: [0.9, 0.93, 0.97], add: [0, 2, 6] },
  sunset: { multiply: [1, 0.92, 0.84], add: [10, 5, 0] },
  night: { multiply: [0.8, 0.82, 0.94], add: [8, 10, 22] },
  space: { multiply: [0.86, 0.86, 0.96], add: [0, 0, 8] },
};

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

interface Ctx {
  r: Rng;
  W: number;
  H: number;
  hz: number;
  u: number;
  time: Time;
  cues: Set<Cue>;
  style: Style;
  paint: (base: string | Rgb, role: number, lit?: boolean) => string;
  skyAt: (y: number) => Rgb;
}

const between = (r: Rng, a: number, b: number) => a + (b - a) * r();
const hills = (c: Ctx, base: number, amp: number, n: number, fill: string) => {
  const pts = Array.from({ length: n + 1 }, (_, i) => [(c.W * i) / n, base - amp * (0.3 + 0.7 * c.r())] as const);
  let d = `M0 ${f(c.H)}L0 ${f(pts[0]![1])}`;
  for (let i = 0; i < n; i++) {
    const [x0, y0] = pts[i]!;
    const [x1, y1] = pts[i + 1]!;
    d += `Q${f(x0)} ${f(y0)} ${f((x0 + x1) / 2)} ${f((y0 + y1) / 2)}`;
  }
  return `<path d="${d}L${c.W} ${f(pts[n]![1])}L${c.W} ${c.H}Z" fill="${fill}"/>`;
};

function conifer(c: Ctx, x: number, y: number, h: number, fill: string, snowy: boolean): string {
  let s = `<rect x="${f(x - h * 0.035)}" y="${f(y - h * 0.16)}" width="${f(h * 0.07)}" height="${f(h * 0.16)}" fill="${c.paint("#5b4030", 9)}"/>`;
  for (let t = 0; t < 3; t++) {
    const base = y - h * (0.12 + t * 0.24);
    const w = h * (0.3 - t * 0.07);
    const top = base - h * 0.4;
    s += `<path d="M${f(x - w)} ${f(base)}L${f(x)} ${f(top)}L${f(x + w)} ${f(base)}Z" fill="${fill}"/>`;
    if (snowy) s += `<path d="M${f(x - w * 0.45)} ${f(top + h * 0.18)}L${f(x)} ${f(top)}L${f(x + w * 0.45)} ${f(top + h * 0.18)}Q${f(x)} ${f(top + h * 0.13)} ${f(x - w * 0.45)} ${f(top + h * 0.18)}Z" fill="#f4f7fb"/>`;
  }
  return s;
}

function leafy(c: Ctx, x: number, y: number, h: number, fill: string, light: string): string {
  const trunk = `<rect x="${f(x - h * 0.04)}" y="${f(y - h * 0.5)}" width="${f(h * 0.08)}" height="${f(h * 0.5)}" fill="${c.paint("#6b4a32", 9)}"/>`;
  const cy = y - h * 0.66;
  return `${trunk}<circle cx="${f(x - h * 0.16)}" cy="${f(cy + h * 0.06)}" r="${f(h * 0.22)}" fill="${fill}"/><circle cx="${f(x + h * 0.17)}" cy="${f(cy + h * 0.07)}" r="${f(h * 0.2)}" fill="${fill}"/><circle cx="${f(x)}" cy="${f(cy - h * 0.08)}" r="${f(h * 0.26)}" fill="${fill}"/><circle cx="${f(x - h * 0.07)}" cy="${f(cy - h * 0.15)}" r="${f(h * 0.12)}" fill="${light}"/>`;
}

function palm(c: Ctx, x: number, y: number, h: number, lean: number): string {
  const tx = x + lean * h * 0.3;
  const ty = y - h;
  const leaf = c.paint("#3f8a4a", 5);
  let s = `<path d="M${f(x)} ${f(y)}Q${f(x + lean * h * 0.05)} ${f(y - h * 0.6)} ${f(tx)} ${f(ty)}" stroke="${c.paint("#8a6a48", 9)}" stroke-width="${f(h * 0.05)}" fill="none" stroke-linecap="round"/>`;
  for (const a of [-2.6, -2.0, -1.3, -0.6, 0, 0.6, -1.65]) {
    const ex = tx + Math.cos(a) * h * 0.42;
    const ey = ty + Math.sin(a) * h * 0.22 + h * 0.14;
    const mx = tx + Math.cos(a) * h * 0.22;
    const my = ty + Math.sin(a) * h * 0.3 - h * 0.04;
    s += `<path d="M${f(tx)} ${f(ty)}Q${f(mx)} ${f(my - h * 0.06)} ${f(ex)} ${f(ey)}Q${f(mx)} ${f(my + h * 0.04)} ${f(tx)} ${f(ty)}Z" fill="${leaf}"/>`;
  }
  return s;
}

function cloud(c: Ctx, x: number, y: number, w: number, fill: string): string {
  let s = `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(w / 2)}" ry="${f(w * 0.12)}" fill="${fill}"/>`;
  const bumps = 3 + Math.floor(c.r() * 3);
  for (let i = 0; i < bumps; i++) {
    const bx = x - w * 0.32 + (w * 0.64 * i) / (bumps - 1);
    const br = w * between(c.r, 0.12, 0.22) * (1 - Math.abs(i / (bumps - 1) - 0.5));
    s += `<circle cx="${f(bx)}" cy="${f(y - br * 0.5)}" r="${f(br + w * 0.05)}" fill="${fill}"/>`;
  }
  return s;
}

function skyline(c: Ctx, far: boolean): string {
  const { r, W, hz, H, u } = c;
  const night = c.time === "night" || c.time === "space";
  const body = far ? c.paint(night ? "#2a3558" : "#a9b7c8", 3) : c.paint(night ? "#1b2238" : "#7d8ca0", 4);
  const lit = c.paint(night ? "#ffd88a" : "#dfe8f0", 6, false);
  let s = "";
  for (let x = -r() * W * 0.05; x < W; ) {
    const bw = W * between(r, 0.06, 0.12);
    const bh = H * (far ? between(r, 0.1, 0.2) : between(r, 0.12, 0.3));
    s += `<rect x="${f(x)}" y="${f(hz - bh)}" width="${f(bw - u * 3)}" height="${f(bh + 2)}" fill="${body}"/>`;
    if (!far) {
      const ws = 7 * u;
      for (let wy = hz - bh + ws * 1.4; wy < hz - ws * 1.5; wy += ws * 2.3)
        for (let wx = x + ws; wx < x + bw - ws * 2; wx += ws * 2)
          if (r() < (night ? 0.5 : 0.8)) s += `<rect x="${f(wx)}" y="${f(wy)}" width="${f(ws)}" height="${f(ws * 1.2)}" fill="${lit}" fill-opacity="${f(between(r, 0.5, 1))}"/>`;
      if (c.cues.has("neon") && r() < 0.6) {
        const hue = ["#ff6fb0", "#62e4ff", "#b996ff", "#ffd56a"][Math.floor(r() * 4)]!;
        const tall = r() < 0.5;
        const [sw, sh] = tall ? [u * 30, bh * 0.45] : [bw * 0.7, u * 36];
        const sign = `x="${f(x + (bw - sw) / 2)}" y="${f(hz - bh * 0.85)}" width="${f(sw)}" height="${f(sh)}" rx="${f(u * 8)}" fill="none" stroke="${hue}"`;
        s += `<rect ${sign} stroke-width="${f(u * 14)}" stroke-opacity="0.22"/><rect ${sign} stroke-width="${f(u * 4)}"/>`;
      }
    }
    x += bw;
  }
  return s;
}

function planCharacter(c: Ctx, aspect: number): CharacterPlacement {
  const { r, W, H, hz } = c;
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

function gradient(id: string, colours: Rgb[], style: Style, y1: number, y2: number): string {
  // FICTION posterizes into hard bands; REALISTIC adds in-between stops for smoother falloff.
  const stops: string[] = [];
  const n = colours.length;
  if (style === "FICTION") {
    const bands = 5;
    for (let b = 0; b < bands; b++) {
      const t = (b / (bands - 1)) * (n - 1);
      const col = css(mix(colours[Math.floor(t)]!, colours[Math.min(n - 1, Math.floor(t) + 1)]!, t % 1));
      stops.push(`<stop offset="${b / bands}" stop-color="${col}"/><stop offset="${(b + 1) / bands}" stop-color="${col}"/>`);
    }
  } else {
    const steps = style === "REALISTIC" ? 8 : n - 1;
    for (let s = 0; s <= steps; s++) {
      const t = (s / steps) * (n - 1);
      const col = mix(colours[Math.floor(t)]!, colours[Math.min(n - 1, Math.floor(t) + 1)]!, t % 1);
      stops.push(`<stop offset="${f(s / steps)}" stop-color="${css(col)}"/>`);
    }
  }
  return `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="0" y1="${f(y1)}" x2="0" y2="${f(y2)}">${stops.join("")}</linearGradient>`;
}

export function planPanel(input: PlanInput): PanelPlan {
  const style: Style = input.style ?? "AUTO";
  const cues = readCues(input.prompt, input.negativePrompt);
  const r = mulberry32(hashString(`${input.prompt}\u0000${input.negativePrompt ?? ""}`) ^ Math.imul(input.seed, 0x9e3779b1));
  const W = input.width;
  const H = input.height;
  const time: Time = cues.has("space") ? "space" : cues.has("night") ? "night" : cues.has("sunset") ? "sunset" : "day";
  const rainy = cues.has("rain") && time !== "space";
  const hz = Math.round(H * between(r, 0.5, 0.64));
  const rot = Math.floor(r() * 97);
  const light = LIGHT[time];
  const styled = (c: Rgb) => saturate(c, style === "FICTION" ? 1.3 : style === "REALISTIC" ? 0.88 : 1);
  const paint = (base: string | Rgb, role: number, lit = true): string => {
    let col = typeof base === "string" ? hex(base) : base;
    const tint = input.tints[(role + rot) % Math.max(1, input.tints.length)];
    if (tint) {
      const m = mix(col, tint.rgb, 0.2 + 0.45 * tint.weight);
      // Keep most of the original lightness so a palette recolours the scene without flipping day to night.
      col = scale(m, lerp(luma(col), luma(m), 0.3) / Math.max(1, luma(m)));
    }
    if (lit) col = scale(mix(col, hex(light.tint), light.amount), rainy ? light.gain * 0.88 : light.gain);
    return css(styled(col));
  };
  const skyChoice = SKIES[rainy ? "rain" : time];
  const [a, b] = [skyChoice[0]!, skyChoice[1]!];
  const mixT = r();
  const skyCols = [0, 1, 2].map((i) => hex(paint(mix(hex(a[i]!), hex(b[i]!), mixT), i, false)));
  const skyAt = (y: number): Rgb => {
    const t = clamp(y / hz, 0, 1) * 2;
    return mix(skyCols[Math.floor(t)] ?? skyCols[2]!, skyCols[Math.min(2, Math.floor(t) + 1)]!, t % 1);
  };
  const c: Ctx = { r, W, H, hz, u: Math.min(W, H) / 1024, time, cues, style, paint, skyAt };
  const character = planCharacter(c, input.aspect);
  const defs: string[] = [gradient("sky", skyCols, style, 0, hz)];
  const back: string[] = [`<rect width="${W}" height="${hz + 2}" fill="url(#sky)"/>`];
  const u = c.u;
  const m = Math.min(W, H);

  if (time === "night" || time === "space") {
    for (let i = 0, n = time === "space" ? 160 : 90; i < n; i++)
      back.push(`<circle cx="${f(r() * W)}" cy="${f(r() * hz * 0.92)}" r="${f(u * between(r, 0.6, r() < 0.1 ? 2.6 : 1.6))}" fill="#fffbea" fill-opacity="${f(between(r, 0.35, 0.95))}"/>`);
  }
  const sunX = W * between(r, 0.12, 0.88);
  if (time === "space") {
    const pr = m * between(r, 0.12, 0.2);
    const py = hz * between(r, 0.25, 0.45);
    defs.push(`<linearGradient id="planet" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${paint("#e7a86b", 2, false)}"/><stop offset="1" stop-color="${paint("#7a3f6e", 3, false)}"/></linearGradient>`);
    // The ring's far half goes behind the planet and its near half in front.
    const ring = (from: number) => `<path d="M${f(sunX + from * pr * 1.7)} ${f(py)}A${f(pr * 1.7)} ${f(pr * 0.35)} 0 0 1 ${f(sunX - from * pr * 1.7)} ${f(py)}" fill="none" stroke="${paint("#f3d8a8", 4, false)}" stroke-opacity="0.8" stroke-width="${f(pr * 0.07)}"/>`;
    back.push(`<g transform="rotate(${f(between(r, -20, 20))} ${f(sunX)} ${f(py)})">${ring(-1)}<circle cx="${f(sunX)}" cy="${f(py)}" r="${f(pr)}" fill="url(#planet)"/>${ring(1)}</g>`);
  } else if (!rainy) {
    const sunset = time === "sunset";
    const sr = m * (sunset ? between(r, 0.07, 0.1) : between(r, 0.04, 0.06));
    const sy = sunset ? hz - sr * between(r, 0.3, 1.4) : hz * between(r, 0.14, 0.4);
    const glow = time === "night" ? "#dfe6ff" : sunset ? "#ffd7a0" : "#fff6d5";
    defs.push(`<radialGradient id="glow"><stop offset="0" stop-color="${glow}" stop-opacity="0.55"/><stop offset="1" stop-color="${glow}" stop-opacity="0"/></radialGradient>`);
    back.push(`<circle cx="${f(sunX)}" cy="${f(sy)}" r="${f(sr * (sunset ? 4 : 3))}" fill="url(#glow)"/>`);
    if (time === "night") {
      if (r() < 0.55) {
        const side = r() < 0.5 ? 0 : 1;
        back.push(`<path d="M${f(sunX)} ${f(sy - sr)}A${f(sr)} ${f(sr)} 0 1 ${side} ${f(sunX)} ${f(sy + sr)}A${f(sr * between(r, 0.15, 0.55))} ${f(sr)} 0 1 ${1 - side} ${f(sunX)} ${f(sy - sr)}Z" fill="#f3efd9"/>`);
      } else {
        back.push(`<circle cx="${f(sunX)}" cy="${f(sy)}" r="${f(sr)}" fill="#f3efd9"/>`);
        for (let k = 0; k < 3; k++)
          back.push(`<circle cx="${f(sunX + sr * between(r, -0.5, 0.5))}" cy="${f(sy + sr * between(r, -0.5, 0.5))}" r="${f(sr * between(r, 0.1, 0.22))}" fill="#cfc8ad" fill-opacity="0.6"/>`);
      }
    } else back.push(`<circle cx="${f(sunX)}" cy="${f(sy)}" r="${f(sr)}" fill="${sunset ? "#ffe0a3" : "#fff4cf"}"/>`);
  }
  if (time !== "space") {
    const n = rainy ? 7 : time === "night" ? 2 : 2 + Math.floor(r() * 3);
    const cloudBase = rainy ? "#8f9aa5" : time === "night" ? "#34416b" : time === "sunset" ? "#f6c1ad" : "#ffffff";
    for (let i = 0; i < n; i++) {
      const y = hz * between(r, 0.1, rainy ? 0.45 : 0.6);
      back.push(cloud(c, W * between(r, -0.05, 1.05), y, m * between(r, 0.16, rainy ? 0.5 : 0.3), css(mix(hex(cloudBase), skyAt(y), 0.18))));
    }
  }

  // Distant layers: haze pulls them toward the horizon colour, which sells depth cheaply.
  const haze = (base: string, role: number, k: number) => css(mix(hex(paint(base, role)), skyCols[2]!, k));
  const terrain = time === "space" ? "lunar" : cues.has("beach") ? "beach" : cues.has("snow") ? "snow" : cues.has("desert") ? "desert" : cues.has("city") ? "street" : "grass";
  if (cues.has("mountain") || terrain === "snow" || (terrain === "grass" && !cues.has("city") && r() < 0.35)) {
    const peaks = 3 + Math.floor(r() * 3);
    let d = `M0 ${hz}`;
    const caps: string[] = [];
    for (let i = 0; i <= peaks * 2; i++) {
      const x = (W * i) / (peaks * 2);
      const y = i % 2 ? hz - H * between(r, 0.12, 0.26) : hz - H * between(r, 0.02, 0.07);
      d += `L${f(x)} ${f(y)}`;
      if (i % 2) caps.push(`<path d="M${f(x - W * 0.035)} ${f(y + H * 0.04)}L${f(x)} ${f(y)}L${f(x + W * 0.035)} ${f(y + H * 0.04)}L${f(x + W * 0.012)} ${f(y + H * 0.032)}L${f(x - W * 0.01)} ${f(y + H * 0.045)}Z" fill="${haze("#f4f7fb", 7, 0.25)}"/>`);
    }
    back.push(`<path d="${d}L${W} ${hz}Z" fill="${haze("#7d8aa3", 3, 0.45)}"/>`);
    if (terrain === "snow" || r() < 0.5) back.push(...caps);
  }
  if (cues.has("city")) back.push(skyline(c, true), skyline(c, false));
  if (terrain !== "beach" && terrain !== "street") {
    const hillBase = { snow: "#dfe7ef", desert: "#e3bd86", lunar: "#8f8e9c", grass: cues.has("forest") ? "#6f9f5d" : "#9cc784" }[terrain];
    if (!cues.has("city")) back.push(hills(c, hz + 2, H * 0.06, 4, haze(hillBase, 2, 0.35)));
  }

  const groundCols: Record<string, [string, string]> = {
    grass: cues.has("jungle") ? ["#6aa552", "#3c7a3a"] : cues.has("forest") ? ["#82b26a", "#4f8446"] : ["#a7cf86", "#6fa456"],
    snow: ["#eef3f8", "#d3dfeb"],
    desert: ["#eccb93", "#d7a66a"],
    beach: ["#efdcb2", "#dec194"],
    street: ["#b9b5ae", "#8d8c8f"],
    lunar: ["#9a99a6", "#5f5e6b"],
  };
  const [g0, g1] = groundCols[terrain]!;
  let groundTop = hz;
  if (terrain === "beach") {
    const seaH = H * between(r, 0.05, 0.1);
    defs.push(gradient("sea", [hex(paint("#7cc4d6", 1)), hex(paint("#3a8fb0", 1))], style, hz, hz + seaH));
    if (r() < 0.5) back.push(`<ellipse cx="${f(W * between(r, 0.1, 0.9))}" cy="${hz}" rx="${f(W * between(r, 0.08, 0.18))}" ry="${f(H * 0.025)}" fill="${haze("#5f9a62", 5, 0.5)}"/>`);
    back.push(`<rect y="${hz}" width="${W}" height="${f(seaH + 4)}" fill="url(#sea)"/>`);
    if (r() < 0.6) {
      const [bx, by, bs] = [W * between(r, 0.1, 0.9), hz + seaH * between(r, 0.35, 0.6), m * between(r, 0.03, 0.045)];
      back.push(`<path d="M${f(bx - bs)} ${f(by)}H${f(bx + bs)}L${f(bx + bs * 0.7)} ${f(by + bs * 0.3)}H${f(bx - bs * 0.7)}Z" fill="${paint("#7a5a44", 9)}"/><path d="M${f(bx)} ${f(by - u * 2)}V${f(by - bs * 1.8)}L${f(bx + bs * 0.9)} ${f(by - u * 2)}Z" fill="#fbf8ef"/><path d="M${f(bx - u * 3)} ${f(by - u * 2)}V${f(by - bs * 1.3)}L${f(bx - bs * 0.6)} ${f(by - u * 2)}Z" fill="#efe9dc"/>`);
    }
    for (let i = 0, n = r() < 0.6 ? 2 + Math.floor(r() * 3) : 0; i < n; i++) {
      const [gx, gy, gs] = [W * between(r, 0.1, 0.9), hz * between(r, 0.2, 0.6), m * between(r, 0.01, 0.018)];
      back.push(`<path d="M${f(gx - gs)} ${f(gy)}Q${f(gx - gs / 2)} ${f(gy - gs * 0.7)} ${f(gx)} ${f(gy)}Q${f(gx + gs / 2)} ${f(gy - gs * 0.7)} ${f(gx + gs)} ${f(gy)}" fill="none" stroke="#4a5566" stroke-width="${f(u * 2.5)}" stroke-linecap="round"/>`);
    }
    for (let i = 0; i < 14; i++)
      back.push(`<rect x="${f(r() * W)}" y="${f(hz + r() * seaH * 0.8)}" width="${f(m * between(r, 0.02, 0.06))}" height="${f(u * 2.5)}" rx="${f(u)}" fill="#ffffff" fill-opacity="0.45"/>`);
    groundTop = hz + seaH;
  }
  defs.push(gradient("ground", [hex(paint(g0, 5)), hex(paint(g1, 6))], style, groundTop, H));
  if (terrain === "beach") {
    const shore = (dy: number) => {
      let d = `M0 ${f(groundTop + dy)}`;
      for (let x = 0; x < W; x += W / 8) d += `Q${f(x + W / 16)} ${f(groundTop + dy - u * 10)} ${f(x + W / 8)} ${f(groundTop + dy)}`;
      return `${d}V${H}H0Z`;
    };
    back.push(`<path d="${shore(0)}" fill="#fbfbf4" fill-opacity="0.9"/><path d="${shore(u * 6)}" fill="url(#ground)"/>`);
  } else back.push(`<rect y="${groundTop}" width="${W}" height="${H - groundTop}" fill="url(#ground)"/>`);
  if (terrain === "street") {
    const kerb = hz + (H - hz) * 0.28;
    back.push(`<rect y="${f(kerb)}" width="${W}" height="${f(H - kerb)}" fill="${paint("#6c6d73", 6)}"/><rect y="${f(kerb)}" width="${W}" height="${f(u * 8)}" fill="${paint("#d6d2ca", 5)}"/>`);
    const laneY = kerb + (H - kerb) * 0.5;
    for (let x = -r() * W * 0.1; x < W; x += W * 0.16)
      back.push(`<rect x="${f(x)}" y="${f(laneY)}" width="${f(W * 0.08)}" height="${f(u * 7)}" fill="${paint("#f1e4b5", 7)}"/>`);
    if (cues.has("neon") && time === "night")
      for (let i = 0; i < 7; i++)
        back.push(`<rect x="${f(r() * W)}" y="${f(between(r, kerb + u * 12, H))}" width="${f(W * between(r, 0.05, 0.18))}" height="${f(u * 3)}" rx="${f(u)}" fill="${["#ff6fb0", "#62e4ff", "#b996ff"][i % 3]}" fill-opacity="0.28"/>`);
    const lampGlow = time === "night" || time === "sunset";
    if (lampGlow) defs.push(`<radialGradient id="lamp"><stop offset="0" stop-color="#ffe2a0" stop-opacity="0.6"/><stop offset="1" stop-color="#ffe2a0" stop-opacity="0"/></radialGradient>`);
    for (const x of [W * between(r, 0.04, 0.2), W * between(r, 0.8, 0.96)]) {
      const lh = kerb - hz + H * between(r, 0.1, 0.18);
      const top = kerb - lh;
      const pole = paint("#3b3f4a", 8);
      back.push(`<rect x="${f(x - u * 4)}" y="${f(top)}" width="${f(u * 8)}" height="${f(lh + u * 4)}" fill="${pole}"/><rect x="${f(x - u * 18)}" y="${f(top - u * 8)}" width="${f(u * 36)}" height="${f(u * 12)}" rx="${f(u * 5)}" fill="${pole}"/>`);
      if (lampGlow) back.push(`<circle cx="${f(x)}" cy="${f(top + u * 6)}" r="${f(u * 70)}" fill="url(#lamp)"/><ellipse cx="${f(x)}" cy="${f(top + u * 4)}" rx="${f(u * 14)}" ry="${f(u * 5)}" fill="#fff1c8"/>`);
    }
  }

  // Ground-level dressing, sorted far to near so nearer things overlap farther ones.
  const items: { y: number; svg: string }[] = [];
  const clear = (x: number, w: number) => x + w < character.left - W * 0.02 || x - w > character.left + character.width + W * 0.02;
  if (cues.has("forest") || cues.has("jungle") || (terrain === "grass" && r() < 0.5) || terrain === "snow") {
    const dense = cues.has("forest") || cues.has("jungle");
    const treeFill = terrain === "snow" ? "#3f6e58" : cues.has("jungle") ? "#2f7a3e" : "#3e7a4a";
    const count = dense ? 30 : 6;
    for (let i = 0; i < count; i++) {
      const x = W * between(r, -0.02, 1.02);
      const near = dense && i % 3 === 0 ? between(r, 0.02, 0.12) : 0;
      const [y, h, k] = [hz + 3 + (H - hz) * near, H * between(r, 0.08, 0.2) * (1 + near * 3), 0.3 - near * 2];
      const round = terrain !== "snow" && (cues.has("jungle") || r() < 0.4);
      items.push({ y, svg: round ? leafy(c, x, y, h, haze(treeFill, 5, k), haze("#7bb36a", 6, k)) : conifer(c, x, y, h, haze(treeFill, 5, k), terrain === "snow") });
    }
    for (let i = 0, n = dense ? 3 : 1; i < n; i++) {
      const x = W * between(r, 0.02, 0.98);
      const h = H * between(r, 0.35, 0.55);
      const y = hz + (H - hz) * between(r, 0.2, 0.7);
      if (clear(x, h * 0.3)) items.push({ y, svg: terrain !== "snow" && (cues.has("jungle") || r() < 0.5) ? leafy(c, x, y, h, paint(treeFill, 5), paint("#6aa85d", 6)) : conifer(c, x, y, h, paint(treeFill, 5), terrain === "snow") });
    }
  }
  if (terrain === "beach" || (cues.has("jungle") && terrain !== "snow")) {
    for (let i = 0, n = 1 + Math.floor(r() * 2); i < n; i++) {
      const x = W * (r() < 0.5 ? between(r, 0.02, 0.2) : between(r, 0.8, 0.98));
      const y = groundTop + (H - groundTop) * between(r, 0.15, 0.5);
      if (clear(x, H * 0.08)) items.push({ y, svg: palm(c, x, y, H * between(r, 0.35, 0.5), x < W / 2 ? 0.5 : -0.5) });
    }
  }
  if (terrain === "grass" || terrain === "lunar" || terrain === "snow" || terrain === "desert") {
    const tuft = paint(terrain === "grass" ? "#4d8a3f" : terrain === "snow" ? "#c4d3e2" : terrain === "desert" ? "#c29258" : "#4b4a56", 6);
    for (let i = 0; i < 26; i++) {
      const x = r() * W;
      const y = between(r, groundTop + (H - groundTop) * 0.1, H);
      const s = u * (4 + 10 * ((y - hz) / (H - hz)));
      items.push({ y, svg: terrain === "lunar" ? `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(s * 2.6)}" ry="${f(s * 0.7)}" fill="${tuft}" fill-opacity="0.55"/><path d="M${f(x - s * 2.6)} ${f(y)}A${f(s * 2.6)} ${f(s * 0.7)} 0 0 0 ${f(x + s * 2.6)} ${f(y)}" fill="none" stroke="#c9c8d4" stroke-opacity="0.5" stroke-width="${f(u * 2)}"/>` : terrain === "grass" ? `<path d="M${f(x - s)} ${f(y)}L${f(x - s * 0.5)} ${f(y - s * 1.6)}L${f(x)} ${f(y)}L${f(x + s * 0.4)} ${f(y - s * 2)}L${f(x + s)} ${f(y)}Z" fill="${tuft}"/>` : `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(s * 1.8)}" ry="${f(s * 0.35)}" fill="${tuft}" fill-opacity="0.7"/>` });
      if (terrain === "grass" && time === "day" && r() < 0.3) items.push({ y, svg: `<circle cx="${f(x + s * 2)}" cy="${f(y - s)}" r="${f(s * 0.35)}" fill="${paint(["#ffffff", "#ffd86b", "#f7a1b5"][i % 3]!, 8, false)}"/>` });
    }
  }
  items.sort((p, q) => p.y - q.y);
  back.push(...items.map((i) => i.svg));

  // Contact shadow plus a longer cast shadow pointing away from the sun.
  const feet = character.top + character.height;
  const cx = character.left + character.width / 2;
  const sw = character.width;
  const dir = sunX < cx ? 1 : -1;
  const soft = style === "REALISTIC" ? 0.2 : style === "FICTION" ? 0.7 : 0.4;
  const strength = time === "night" ? 0.5 : 0.38;
  defs.push(`<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="${strength}"/><stop offset="${soft}" stop-color="#000" stop-opacity="${f(strength * 0.8)}"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>`);
  back.push(`<ellipse cx="${f(cx + dir * sw * 0.18)}" cy="${f(feet - sw * 0.02)}" rx="${f(sw * 0.62)}" ry="${f(sw * 0.07)}" fill="url(#shadow)" fill-opacity="0.6"/>`);
  back.push(`<ellipse cx="${f(cx)}" cy="${f(feet - sw * 0.015)}" rx="${f(sw * 0.48)}" ry="${f(sw * 0.06)}" fill="url(#shadow)"/>`);

  if (rainy || terrain === "snow") {
    for (let i = 0; i < (rainy ? 90 : 70); i++) {
      const x = r() * W;
      const y = r() * H;
      back.push(rainy ? `<path d="M${f(x)} ${f(y)}l${f(-u * 6)} ${f(u * 26)}" stroke="#e8eef5" stroke-opacity="0.35" stroke-width="${f(u * 2)}"/>` : `<circle cx="${f(x)}" cy="${f(y)}" r="${f(u * between(r, 1.5, 4))}" fill="#ffffff" fill-opacity="${f(between(r, 0.5, 0.9))}"/>`);
    }
  }

  const overlay =
    style === "REALISTIC"
      ? `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><radialGradient id="v" cx="0.5" cy="0.5" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.32"/></radialGradient></defs><rect width="${W}" height="${H}" fill="url(#v)"/></svg>`
      : null;
  const grade = GRADE[rainy ? "rain" : time];
  return {
    background: `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs>${defs.join("")}</defs>${back.join("")}</svg>`,
    overlay,
    character,
    grade: { ...grade, saturation: style === "FICTION" ? 1.08 : style === "REALISTIC" ? 0.95 : 1 },
  };
}

/** Opaque so the badge reads on any scene; tests sample it to find the badge. */
export const BADGE_FILL = "#222a3a";
const LETTERS = [
  "M0 0H1.9Q3.6 0 3.6 2.5Q3.6 5 1.9 5H0Z",
  "M0 5V0H2Q3.5 0 3.5 1.4Q3.5 2.8 2 2.8H0M1.9 2.8L3.5 5",
  "M0 5L1.8 0L3.6 5M0.7 3.3H2.9",
  "M3.3 0H0V5M0 2.5H2.7",
  "M0 0H3.6M1.8 0V5",
];

/** "DRAFT" drawn from strokes, never text: a fresh CI machine may have no fonts at all. */
export function draftBadge(width: number, height: number) {
  const u = Math.max(2.4, Math.min(width, height) * 0.0044);
  const w = Math.ceil(29.4 * u);
  const h = Math.ceil(9.6 * u);
  const inset = Math.round(Math.min(width, height) * 0.025);
  const glyphs = LETTERS.map((d, i) => `<path transform="translate(${i * 5} 0)" d="${d}"/>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="${f(u * 0.25)}" y="${f(u * 0.25)}" width="${f(w - u * 0.5)}" height="${f(h - u * 0.5)}" rx="${f(2.2 * u)}" fill="${BADGE_FILL}" stroke="#f5f1e6" stroke-opacity="0.5" stroke-width="${f(u * 0.5)}"/><g transform="translate(${f(2.9 * u)} ${f(2.3 * u)}) scale(${Math.round(u * 100) / 100})" fill="none" stroke="#f5f1e6" stroke-width="1.1" stroke-linecap="round" stroke-linejoin="round">${glyphs}</g></svg>`;
  return { svg, left: inset, top: inset, width: w, height: h, unit: u };
}
