// Draws the two tabBar icons (81×81 PNG, as WeChat recommends) without any image library.
// Run once: node scripts/weapp/make-tab-icons.js — the PNGs are committed in miniapp/assets.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const S = 81;
function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(inside, [r, g, b]) {
  const raw = Buffer.alloc((S * 4 + 1) * S);
  for (let y = 0; y < S; y++) {
    raw[y * (S * 4 + 1)] = 0;
    for (let x = 0; x < S; x++) {
      // 4× supersampling for smooth edges
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      const o = y * (S * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((hits / 16) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(S, 0);
  ihdr.writeUInt32BE(S, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const W = 5; // stroke width
function seg(px, py, ax, ay, bx, by) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= W / 2;
}
// House: roof + walls + door
const home = (x, y) =>
  seg(x, y, 12, 40, 40.5, 14) ||
  seg(x, y, 40.5, 14, 69, 40) ||
  seg(x, y, 20, 34, 20, 68) ||
  seg(x, y, 61, 34, 61, 68) ||
  seg(x, y, 20, 68, 61, 68) ||
  seg(x, y, 34, 68, 34, 50) ||
  seg(x, y, 47, 68, 47, 50) ||
  seg(x, y, 34, 50, 47, 50);
// Person: head ring + shoulders arc
const me = (x, y) => {
  const head = Math.abs(Math.hypot(x - 40.5, y - 28) - 12) <= W / 2;
  const d = Math.hypot(x - 40.5, y - 72);
  const body = y <= 72 && Math.abs(d - 26) <= W / 2;
  return head || body || seg(x, y, 14.5, 72, 66.5, 72);
};
const out = path.join(__dirname, '../../miniapp/assets');
const grey = [0x5b, 0x64, 0x72],
  green = [0x0a, 0x7d, 0x5a];
fs.writeFileSync(path.join(out, 'tab-home.png'), png(home, grey));
fs.writeFileSync(path.join(out, 'tab-home-active.png'), png(home, green));
fs.writeFileSync(path.join(out, 'tab-me.png'), png(me, grey));
fs.writeFileSync(path.join(out, 'tab-me-active.png'), png(me, green));
