/**
 * The Teams app package for "Upload a custom app": manifest.json naming the Azure Bot (personal scope, as the
 * adapter serves) and the two icons Teams requires — color.png (192×192) and outline.png (32×32, white on
 * transparent) — drawn here, zipped with fflate. `npm run admin -- teams package --app-id ID [--out file.zip]`.
 */
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';

export interface TeamsPackageOptions {
  /** The Azure Bot's Microsoft App ID (TEAMS_APP_ID), a GUID; also used as the Teams app id. */
  appId: string;
  /** Short name shown in Teams (≤ 30 characters). */
  name?: string;
  /** Developer (company) name. */
  developer?: string;
  /** https website; privacy and terms pages default to <website>/privacy and <website>/terms. */
  website?: string;
}

export class TeamsPackageError extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCENT = [0x2c, 0x3e, 0x50] as const;

export function teamsManifest(options: TeamsPackageOptions): Record<string, unknown> {
  if (!GUID.test(options.appId)) {
    throw new TeamsPackageError(`--app-id "${options.appId}" is not a Microsoft App ID: copy the GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) from the Azure Bot's Configuration page.`);
  }
  const website = (options.website ?? 'https://www.example.com').replace(/\/+$/, '');
  if (!website.startsWith('https://')) throw new TeamsPackageError(`--website "${website}" must be an https URL (Teams requires it).`);
  const name = (options.name ?? 'Support bot').slice(0, 30);
  return {
    $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.16/MicrosoftTeams.schema.json',
    manifestVersion: '1.16',
    version: '1.0.0',
    id: options.appId.toLowerCase(),
    developer: { name: options.developer ?? name, websiteUrl: website, privacyUrl: `${website}/privacy`, termsOfUseUrl: `${website}/terms` },
    name: { short: name, full: `${name}: answers and a person one message away`.slice(0, 100) },
    description: {
      short: 'Instant answers, and a person one message away.',
      full: 'Ask a question and get an instant answer from our knowledge base. Ask for a person at any time and a member of staff joins the conversation.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: `#${ACCENT.map((c) => c.toString(16).padStart(2, '0')).join('')}`,
    bots: [{ botId: options.appId.toLowerCase(), scopes: ['personal'], supportsFiles: false, isNotificationOnly: false }],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
  };
}

/** The zip Teams accepts: manifest.json, color.png and outline.png at its root. */
export function teamsAppPackage(options: TeamsPackageOptions): Uint8Array {
  const manifest = teamsManifest(options);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': colorIcon(),
    'outline.png': outlineIcon(),
  });
}

/** 192×192: a speech bubble in white on the accent colour. */
export function colorIcon(size = 192): Uint8Array {
  return png(size, size, (x, y) => (inBubble(x / size, y / size) ? [255, 255, 255, 255] : [...ACCENT, 255]));
}

/** 32×32: the same bubble's outline, white on transparent (Teams' rule for outline icons). */
export function outlineIcon(size = 32): Uint8Array {
  return png(size, size, (x, y) => {
    const inside = inBubble((x + 0.5) / size, (y + 0.5) / size);
    const edge = inside && [[-1, 0], [1, 0], [0, -1], [0, 1]].some(([dx, dy]) => !inBubble((x + 0.5 + 1.5 * dx) / size, (y + 0.5 + 1.5 * dy) / size));
    return edge ? [255, 255, 255, 255] : [0, 0, 0, 0];
  });
}

/** A rounded speech bubble with a tail, in unit coordinates. */
function inBubble(u: number, v: number): boolean {
  const [x0, y0, x1, y1, r] = [0.18, 0.2, 0.82, 0.7, 0.12];
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  const body = u >= x0 && u <= x1 && v >= y0 && v <= y1 && (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  const tail = v > y1 - 0.01 && v < 0.84 && u > 0.3 && u < 0.3 + (0.84 - v) * 1.2;
  return body || tail;
}

/** A minimal RGBA PNG: signature, IHDR, one zlib-compressed IDAT, IEND. */
export function png(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): Uint8Array {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
