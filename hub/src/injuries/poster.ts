/**
 * The printable poster (A4 at 150 dpi, PNG) with the declaration QR, for an enterprise, a building site or
 * a station's rest area. Drawn as SVG and rendered with resvg; the Chinese needs a CJK font on the hub's
 * machine (Debian: fonts-noto-cjk).
 */
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { escapeHtml } from '../http/html-page.ts';

const WIDTH = 1240;
const HEIGHT = 1754;
const FONT = 'Noto Sans CJK SC';

export async function posterPng(url: string, place: { zh: string; en: string }): Promise<Buffer> {
  const qr = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  const viewBox = /viewBox="([^"]+)"/.exec(qr)?.[1] ?? '0 0 1 1';
  const inner = qr.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const text = (y: number, size: number, value: string, more = '') =>
    `<text x="${WIDTH / 2}" y="${y}" font-size="${size}" font-family="${FONT}" text-anchor="middle" ${more}>${escapeHtml(value)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>
  <rect width="${WIDTH}" height="330" fill="#b71c1c"/>
  ${text(170, 112, '工伤探视 码上申报', 'font-weight="bold" fill="#fff"')}
  ${text(260, 46, 'Injured at work? Scan to tell the union', 'fill="#fff"')}
  ${text(440, 50, '受伤了？扫一扫，告诉工会', 'fill="#222" font-weight="bold"')}
  <svg x="300" y="500" width="640" height="640" viewBox="${viewBox}">${inner}</svg>
  ${text(1230, 40, '工会工作人员会电话联系，上门探视，', 'fill="#333"')}
  ${text(1290, 40, '帮助申请工伤认定、法律援助和互助保障', 'fill="#333"')}
  ${text(1350, 30, 'The union calls, visits, and helps with injury recognition, legal and mutual aid', 'fill="#555"')}
  <rect x="120" y="1440" width="${WIDTH - 240}" height="2" fill="#ddd"/>
  ${text(1530, 52, place.zh, 'fill="#b71c1c" font-weight="bold"')}
  ${text(1590, 30, place.en, 'fill="#555"')}
  ${text(1690, 26, '本人、工友或企业工会均可申报 · A worker, a colleague or the enterprise union may declare', 'fill="#777"')}
</svg>`;
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT } }).render().asPng();
  return Buffer.from(png);
}
